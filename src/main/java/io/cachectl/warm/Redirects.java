package io.cachectl.warm;

import io.cachectl.connect.Node;
import io.cachectl.connect.RawConnection;
import io.cachectl.connect.Target;
import io.cachectl.connect.resp.RespEncoder;
import io.cachectl.connect.resp.RespReader;
import io.cachectl.error.CachectlException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Function;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Which lane owns each hash slot, and MOVED/ASK redirects: a redirected command is sent again to
 * the node named in the reply (after ASKING for ASK), and a MOVED slot is routed to the lane of its
 * new owner for the records read from then on. A MOVED to a primary that has no lane yet (a
 * replica promoted by a failover) reads the slot map again, once per new owner, and starts lanes
 * for the new primaries: the rest of the load goes to them pipelined instead of one redirected
 * command at a time.
 */
final class Redirects {
    private static final int MAX_REDIRECTS = 5;
    private static final byte[] ASKING = RespEncoder.command("ASKING");

    private final Target target;
    private final AtomicIntegerArray slotLane = new AtomicIntegerArray(16384);
    private final Map<String, Integer> laneByAddress;
    private final Function<Node, Integer> newLane;
    private final Set<String> refreshedFor = ConcurrentHashMap.newKeySet();

    /**
     * {@code primaries}: lane i drives primaries[i]; {@code newLane} starts a lane for another primary
     * and returns its index (-1 once the load is ending).
     */
    Redirects(Target target, List<Node> primaries, Function<Node, Integer> newLane) {
        this.target = target;
        this.newLane = newLane;
        this.laneByAddress = new java.util.HashMap<>();
        for (int s = 0; s < 16384; s++) {
            slotLane.set(s, -1);
        }
        for (int i = 0; i < primaries.size(); i++) {
            Node n = primaries.get(i);
            laneByAddress.put(n.host() + ":" + n.port(), i);
            if (target.isCluster()) {
                for (int[] range : n.slots()) {
                    for (int s = range[0]; s <= range[1]; s++) {
                        slotLane.set(s, i);
                    }
                }
            }
        }
    }

    /** The lane serving {@code slot}, or -1 when no primary does. */
    int lane(int slot) {
        return slotLane.get(slot);
    }

    /** The hash slot of the key {@code b[from, to)}, hash tags included. */
    static int slot(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '{') {
                for (int j = i + 1; j < to; j++) {
                    if (b[j] == '}') {
                        if (j > i + 1) {
                            return JedisClusterCRC16.getCRC16(b, i + 1, j) & 16383;
                        }
                        break;
                    }
                }
                break;
            }
        }
        return JedisClusterCRC16.getCRC16(b, from, to) & 16383;
    }

    static boolean isRedirect(String error) {
        return error.startsWith("MOVED ") || error.startsWith("ASK ");
    }

    /** MOVED: {@code slot} is served by host:port now. */
    private synchronized void moved(int slot, String host, int port) {
        String address = host + ":" + port;
        Integer to = laneByAddress.get(address);
        if (to == null && refreshedFor.add(address)) {
            try {
                for (Node p : target.primariesSeenBy(new Node(host, port, Node.Role.PRIMARY, null, null, List.of()))) {
                    String at = p.host() + ":" + p.port();
                    Integer lane = laneByAddress.get(at);
                    if (lane == null) {
                        lane = newLane.apply(p);
                        if (lane < 0) {
                            continue;
                        }
                        laneByAddress.put(at, lane);
                    }
                    for (int[] range : p.slots()) {
                        for (int s = range[0]; s <= range[1]; s++) {
                            slotLane.set(s, lane);
                        }
                    }
                }
            } catch (CachectlException e) {
                // the map stays as it was: redirects are still followed one by one
            }
            to = laneByAddress.get(address);
        }
        if (to != null) {
            slotLane.set(slot, to);
        }
    }

    /**
     * Follows MOVED/ASK {@code error} for command {@code i} of {@code c} (resharding), over the
     * connections in {@code others} (opened as needed, closed by the caller). True when the command
     * wrote its key.
     */
    boolean follow(Chunk c, int i, String error, Map<String, RawConnection> others) throws IOException {
        String e = error;
        for (int hop = 0; hop < MAX_REDIRECTS; hop++) {
            String[] parts = e.split(" ");
            int slot = Integer.parseInt(parts[1]);
            String address = parts[2];
            int colon = address.lastIndexOf(':');
            String host = address.substring(0, colon);
            int port = Integer.parseInt(address.substring(colon + 1));
            boolean ask = e.startsWith("ASK ");
            if (!ask) {
                moved(slot, host, port);
            }
            RawConnection conn = others.get(address);
            if (conn == null) {
                conn = target.openRaw(new Node(host, port, Node.Role.PRIMARY, null, null, List.of()));
                others.put(address, conn);
            }
            RespReader r = new RespReader(conn.in());
            byte[] command = Arrays.copyOfRange(c.bytes(), c.start(i), c.start(i + 1));
            if (ask) {
                byte[] both = new byte[ASKING.length + command.length];
                System.arraycopy(ASKING, 0, both, 0, ASKING.length);
                System.arraycopy(command, 0, both, ASKING.length, command.length);
                conn.out().write(both);
                r.read(); // +OK for ASKING
            } else {
                conn.out().write(command);
            }
            int kind = r.read();
            if (kind == RespReader.ERROR && isRedirect(r.error())) {
                e = r.error();
                continue;
            }
            if (kind == RespReader.ERROR) {
                throw LoadErrors.serverError(r.error(), address, c.lines[i]);
            }
            return !(kind == RespReader.NIL || kind == RespReader.INTEGER && r.integer() == 0);
        }
        throw LoadErrors.redirectLoop(c.lines[i], MAX_REDIRECTS);
    }
}
