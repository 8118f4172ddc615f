package io.cachectl.bench;

import io.cachectl.connect.Node;
import io.cachectl.connect.resp.RespEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The bench keys: {@code prefix + index} for index 0..size-1; key 0 is the most popular under Zipf.
 * In a cluster every key is owned by one primary (by slot), and each connection draws only keys its
 * node owns, so requests never hit MOVED and the chosen distribution holds per node.
 */
final class KeySpace {
    final byte[] prefix;
    final int size;
    private final ZipfSampler zipf;
    private final byte[] owner;
    private final int[] keysPerNode;

    KeySpace(String prefix, int size, Double zipfExponent, List<Node> primaries, boolean cluster) {
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
        this.size = size;
        this.zipf = zipfExponent == null ? null : new ZipfSampler(size, zipfExponent);
        this.keysPerNode = new int[primaries.size()];
        if (cluster && primaries.size() > 1) {
            byte[] bySlot = new byte[16384];
            for (int slot = 0; slot < 16384; slot++) {
                for (int i = 0; i < primaries.size(); i++) {
                    if (primaries.get(i).servesSlot(slot)) {
                        bySlot[slot] = (byte) i;
                    }
                }
            }
            owner = new byte[size];
            byte[] buf = new byte[this.prefix.length + 20];
            for (int k = 0; k < size; k++) {
                int len = name(k, buf, 0);
                owner[k] = bySlot[JedisClusterCRC16.getCRC16(buf, 0, len) & 16383];
                keysPerNode[owner[k] & 0xff]++;
            }
        } else {
            owner = null;
            keysPerNode[0] = size;
        }
    }

    int node(int key) {
        return owner == null ? 0 : owner[key] & 0xff;
    }

    int keysOn(int node) {
        return keysPerNode[node];
    }

    /** A key owned by {@code node}, drawn from the popularity distribution. */
    int next(SplittableRandom random, int node) {
        while (true) {
            int k = zipf == null ? random.nextInt(size) : zipf.sample(random) - 1;
            if (owner == null || (owner[k] & 0xff) == node) {
                return k;
            }
        }
    }

    /** Writes the name of key {@code k} into {@code buf} at {@code pos}; returns its length. */
    int name(int k, byte[] buf, int pos) {
        System.arraycopy(prefix, 0, buf, pos, prefix.length);
        return prefix.length + RespEncoder.digits(k, buf, pos + prefix.length);
    }

    String name(int k) {
        byte[] buf = new byte[prefix.length + 20];
        return new String(buf, 0, name(k, buf, 0), StandardCharsets.UTF_8);
    }
}
