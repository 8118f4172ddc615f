package io.cachectl.invalidate;

import io.cachectl.connect.Capabilities;
import io.cachectl.connect.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * Deletes keys on one node: UNLINK (DEL where UNLINK is unknown) in one pipelined round per batch.
 * In a cluster the keys are grouped by slot, because a multi-key command across slots fails with
 * CROSSSLOT; every reply is read, so an error inside a pipeline response is never lost.
 */
final class Unlinker {
    private final Jedis jedis;
    private final boolean cluster;
    private final boolean useDel;

    Unlinker(Jedis jedis, boolean cluster, boolean useDel) {
        this.jedis = jedis;
        this.cluster = cluster;
        this.useDel = useDel;
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
        for (Response<Long> r : replies) {
            deleted += r.get(); // throws the server's error (CROSSSLOT, NOPERM, MOVED…) if there was one
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
