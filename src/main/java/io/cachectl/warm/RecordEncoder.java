package io.cachectl.warm;

import io.cachectl.connect.resp.RespEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** Encodes records as the commands that write them, into a lane's {@link Chunk}, with the shared codec. */
final class RecordEncoder {
    private static final byte[] SET = RespEncoder.prefix(3, "SET");
    private static final byte[] SET_EX = RespEncoder.prefix(5, "SET");
    private static final byte[] SET_NX = RespEncoder.prefix(4, "SET");
    private static final byte[] SET_EX_NX = RespEncoder.prefix(6, "SET");
    private static final byte[] EX = "EX".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NX = "NX".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ONE = {'1'};
    private static final byte[] ZERO = {'0'};
    private static final byte[] EVAL = "EVAL".getBytes(StandardCharsets.US_ASCII);
    /** Collections: replace (or, with NX, only create) the key atomically, then expire it. */
    static final byte[] SCRIPT = ("local k = KEYS[1]\n"
            + "if ARGV[2] == '1' and redis.call('EXISTS', k) == 1 then return 0 end\n"
            + "redis.call('DEL', k)\n"
            + "local cmd = ({hash = 'HSET', set = 'SADD', list = 'RPUSH', zset = 'ZADD'})[ARGV[3]]\n"
            + "for i = 4, #ARGV, 1000 do\n"
            + "  redis.call(cmd, k, unpack(ARGV, i, math.min(i + 999, #ARGV)))\n"
            + "end\n"
            + "if ARGV[1] ~= '0' then redis.call('EXPIRE', k, ARGV[1]) end\n"
            + "return 1\n").getBytes(StandardCharsets.UTF_8);

    private final boolean nx;

    /** {@code nx}: only create keys (SET NX; the script checks EXISTS). */
    RecordEncoder(boolean nx) {
        this.nx = nx;
    }

    /** SET key value [EX ttl] [NX] of key {@code k[ks, ke)} and value {@code v[vs, ve)}; ttl ≤ 0: none. */
    void set(Chunk c, byte[] k, int ks, int ke, byte[] v, int vs, int ve, long ttl) {
        c.raw(ttl > 0 ? (nx ? SET_EX_NX : SET_EX) : (nx ? SET_NX : SET));
        c.bulk(k, ks, ke);
        c.bulk(v, vs, ve);
        if (ttl > 0) {
            c.bulk(EX);
            c.bulk(ttl);
        }
        if (nx) {
            c.bulk(NX);
        }
    }

    void record(Chunk c, WarmRecord rec) {
        if (rec.kind() == WarmRecord.Kind.STRING) {
            set(c, rec.key(), 0, rec.key().length, rec.value(), 0, rec.value().length, rec.ttl());
            return;
        }
        List<byte[]> parts = rec.parts();
        c.array(7 + parts.size());
        c.bulk(EVAL);
        c.bulk(SCRIPT);
        c.bulk(ONE);
        c.bulk(rec.key());
        if (rec.ttl() > 0) {
            c.bulk(rec.ttl());
        } else {
            c.bulk(ZERO);
        }
        c.bulk(nx ? ONE : ZERO);
        c.bulk(rec.kind().name().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        for (byte[] p : parts) {
            c.bulk(p);
        }
    }
}
