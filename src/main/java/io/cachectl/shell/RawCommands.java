package io.cachectl.shell;

import io.cachectl.connect.Capabilities;
import io.cachectl.connect.Node;
import io.cachectl.connect.RedisErrors;
import io.cachectl.connect.Target;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Raw Redis commands typed in the shell ({@code GET user:1} or {@code > GET user:1}), sent as they
 * are and printed like redis-cli does. In a cluster the command goes to the primary serving its
 * first key (asked with COMMAND GETKEYS), keyless commands to the URL's server.
 */
final class RawCommands implements AutoCloseable {
    /** Commands whose first argument is not a key (in standalone mode we guess keys this way). */
    private static final Set<String> KEYLESS = Set.of("PING", "ECHO", "INFO", "CONFIG", "CLIENT", "CLUSTER",
            "DBSIZE", "SLOWLOG", "MEMORY", "SCAN", "TIME", "ROLE", "COMMAND", "LATENCY", "ACL", "FLUSHALL",
            "FLUSHDB", "KEYS", "SELECT", "DEBUG", "SCRIPT", "FUNCTION", "PUBLISH", "LASTSAVE", "BGSAVE", "SAVE",
            "BGREWRITEAOF", "SWAPDB", "WAIT", "EVAL", "EVALSHA", "FCALL", "OBJECT", "RANDOMKEY", "MODULE",
            "HELLO", "AUTH", "RESET", "LOLWUT", "SHUTDOWN", "REPLICAOF", "SLAVEOF", "READONLY", "READWRITE");

    private final Target target;
    private final KeyNames keys;
    private final Map<Node, Jedis> byNode = new HashMap<>();

    RawCommands(Target target, KeyNames keys) {
        this.target = target;
        this.keys = keys;
    }

    /** Runs the command; the reply rendered as redis-cli would (errors as "(error) …"). */
    List<String> run(List<String> words) {
        String name = words.get(0).toUpperCase(Locale.ROOT);
        String[] args = words.subList(1, words.size()).toArray(String[]::new);
        Jedis jedis = target.isCluster() ? route(words) : target.seed();
        Object reply;
        try {
            reply = jedis.sendCommand(Capabilities.command(name), args);
        } catch (JedisDataException e) {
            return List.of("(error) " + e.getMessage());
        } catch (RuntimeException e) {
            throw RedisErrors.map(e, target.isCluster() ? "the cluster" : target.nodes().get(0).address());
        }
        learn(name, args, reply);
        List<String> out = new ArrayList<>();
        render(reply, "", out);
        return out;
    }

    private Jedis route(List<String> words) {
        List<Object> found;
        try {
            String[] all = words.toArray(String[]::new);
            Object r = target.seed().sendCommand(Capabilities.command("COMMAND"),
                    concat(new String[] {"GETKEYS"}, all));
            found = r instanceof List<?> l ? new ArrayList<>(l) : List.of();
        } catch (JedisDataException e) {
            found = List.of(); // keyless command (GETKEYS refuses it): the URL's server answers
        }
        if (found.isEmpty()) {
            return target.seed();
        }
        int slot = JedisClusterCRC16.getSlot(text(found.get(0)));
        Node node = target.primaries().stream().filter(n -> n.servesSlot(slot)).findFirst()
                .orElse(target.primaries().get(0));
        return byNode.computeIfAbsent(node, target::open);
    }

    private void learn(String name, String[] args, Object reply) {
        if (name.equals("SCAN") && reply instanceof List<?> l && l.size() == 2 && l.get(1) instanceof List<?> ks) {
            keys.remember(ks.stream().map(RawCommands::text).toList());
        } else if (args.length > 0 && reply != null && !KEYLESS.contains(name)) {
            keys.remember(List.of(args[0]));
        }
    }

    static void render(Object reply, String indent, List<String> out) {
        if (reply == null) {
            out.add(indent + "(nil)");
        } else if (reply instanceof Long n) {
            out.add(indent + "(integer) " + n);
        } else if (reply instanceof List<?> list) {
            if (list.isEmpty()) {
                out.add(indent + "(empty array)");
            }
            int width = String.valueOf(list.size()).length();
            for (int i = 0; i < list.size(); i++) {
                String label = String.format("%" + width + "d) ", i + 1);
                List<String> inner = new ArrayList<>();
                render(list.get(i), "", inner);
                for (int j = 0; j < inner.size(); j++) {
                    out.add(indent + (j == 0 ? label : " ".repeat(label.length())) + inner.get(j));
                }
            }
        } else {
            String s = text(reply);
            if (s.contains("\n")) {
                for (String line : s.split("\r?\n")) {
                    out.add(indent + line);
                }
            } else if (s.equals("OK") || s.equals("PONG") || s.equals("QUEUED")) {
                out.add(indent + s);
            } else {
                out.add(indent + "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
            }
        }
    }

    static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Override
    public void close() {
        byNode.values().forEach(j -> {
            try {
                j.close();
            } catch (RuntimeException ignored) {
                // closing only
            }
        });
        byNode.clear();
    }
}
