package io.cachectl.connect;

import java.util.List;

/**
 * The sentinels' view of a master name: {@code primary} is the server cachectl uses (host:port),
 * {@code agreeing} how many sentinels name that same primary, {@code quorum} the master's quorum.
 */
public record SentinelStatus(String master, String primary, Integer quorum, int agreeing, List<Replica> replicas,
        List<SentinelNode> sentinels) {

    /** A replica as a sentinel lists it: {@code flags} e.g. {@code slave} or {@code s_down,slave}. */
    public record Replica(String address, String flags, String masterLinkStatus, Long replOffset) {
    }

    /**
     * One sentinel: whether it answered, the primary it names, its flags for the master and how many
     * other sentinels it knows; {@code error} when it did not answer.
     */
    public record SentinelNode(String address, boolean reachable, String primary, String flags,
            Integer otherSentinels, String error) {
    }
}
