package io.cachectl.invalidate;

import io.cachectl.connect.Capabilities;
import io.cachectl.connect.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisMovedDataException;

/**
 * Deletes keys on one node: UNLINK (DEL where UNLINK is unknown) in one pipelined round per batch.
 * In a cluster the keys are grouped by slot, because a multi-key command across slots fails with
 * CROSSSLOT; every reply is read, so an error inside a pipeline response is never lost.
 */
final class Unlinker {
    private final Jedis jedis;
    private final boolean cluster;
    private final boolean useDel;
    private final Function<HostAndPort, Jedis> redirect;

    /**
     * {@code redirect} gives a connection to the node that a MOVED reply names (a failover made this
     * node a replica mid-run: its shard's keys are now deleted on the new primary); null follows none.
     */
    Unlinker(Jedis jedis, boolean cluster, boolean useDel, Function<HostAndPort, Jedis> redirect) {
        this.jedis = jedis;
        this.cluster = cluster;
        this.useDel = useDel;
        this.redirect = redirect;
    }

    /** DEL only where the server does not know UNLINK (before 4.0); a NOPERM on UNLINK stays an error. */
    static boolean needsDel(Target target) {
        String refusal = target.capabilities().refusal(Capabilities.UNLINK);
        return refusal != null && refusal.startsWith("ERR unknown command");
    }

    /** Deletes {@code keys}; returns how many existed (the rest were already gone). */
    long delete(List<byte[]> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        List<List<byte[]>> groups = group(keys);
        List<Response<Long>> replies = new ArrayList<>(groups.size());
        try (Pipeline p = jedis.pipelined()) {
            for (List<byte[]> g : groups) {
                byte[][] arr = g.toArray(new byte[0][]);
                replies.add(useDel ? p.del(arr) : p.unlink(arr));
            }
            p.sync();
        }
        long deleted = 0;
        for (int i = 0; i < replies.size(); i++) {
            try {
                deleted += replies.get(i).get(); // throws the server's error (CROSSSLOT, NOPERM…) if there was one
            } catch (JedisMovedDataException moved) {
                if (redirect == null) {
                    throw moved;
                }
                // the slot has a new owner (CLUSTER FAILOVER): delete there; a second MOVED is an error
                byte[][] arr = groups.get(i).toArray(new byte[0][]);
                Jedis owner = redirect.apply(moved.getTargetNode());
                deleted += useDel ? owner.del(arr) : owner.unlink(arr);
            }
        }
        return deleted;
    }

    /** How many of {@code keys} exist (EXISTS per slot group), for a dry run of a key list. */
    long exists(List<byte[]> keys) {
        List<Response<Long>> replies = new ArrayList<>();
        try (Pipeline p = jedis.pipelined()) {
            for (List<byte[]> g : group(keys)) {
                replies.add(p.exists(g.toArray(new byte[0][])));
            }
            p.sync();
        }
        return replies.stream().mapToLong(Response::get).sum();
    }

    private List<List<byte[]>> group(List<byte[]> keys) {
        if (!cluster) {
            return List.of(keys);
        }
        Map<Integer, List<byte[]>> bySlot = new LinkedHashMap<>();
        for (byte[] k : keys) {
            bySlot.computeIfAbsent(Target.slot(k), s -> new ArrayList<>()).add(k);
        }
        return new ArrayList<>(bySlot.values());
    }
}
