package io.cachectl.connect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Which optional commands the server lets this user run. Managed services refuse CONFIG, DEBUG,
 * LATENCY…; ACL users may lack MEMORY. Commands degrade with a note instead of failing.
 */
public final class Capabilities {
    public static final String CONFIG = "CONFIG";
    public static final String MEMORY = "MEMORY";
    public static final String LATENCY = "LATENCY";
    public static final String SLOWLOG = "SLOWLOG";
    public static final String NO_TOUCH = "CLIENT NO-TOUCH";
    public static final String SCRIPTING = "EVAL";
    public static final String UNLINK = "UNLINK";

    private final Map<String, String> refused;

    private Capabilities(Map<String, String> refused) {
        this.refused = Collections.unmodifiableMap(refused);
    }

    /** Tries a harmless form of each optional command on {@code jedis}; a few round trips. */
    static Capabilities probe(Jedis jedis, int version) {
        Map<String, String> refused = new LinkedHashMap<>();
        tryRun(jedis, refused, CONFIG, "CONFIG", "GET", "maxmemory");
        tryRun(jedis, refused, MEMORY, "MEMORY", "USAGE", "cachectl:capability-probe");
        tryRun(jedis, refused, LATENCY, "LATENCY", "LATEST");
        tryRun(jedis, refused, SLOWLOG, "SLOWLOG", "LEN");
        tryRun(jedis, refused, SCRIPTING, "EVAL", "return 1", "0");
        tryRun(jedis, refused, UNLINK, "UNLINK", "cachectl:capability-probe");
        if (version >= 70200) {
            // switch it on and off again: the probe must not change the connection's behaviour
            if (tryRun(jedis, refused, NO_TOUCH, "CLIENT", "NO-TOUCH", "ON")) {
                tryRun(jedis, new LinkedHashMap<>(), NO_TOUCH, "CLIENT", "NO-TOUCH", "OFF");
            }
        } else {
            refused.put(NO_TOUCH, "needs Redis 7.2+");
        }
        return new Capabilities(refused);
    }

    private static boolean tryRun(Jedis jedis, Map<String, String> refused, String name, String cmd, String... args) {
        try {
            jedis.sendCommand(command(cmd), args);
            return true;
        } catch (JedisDataException e) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            if (m.startsWith("MOVED") || m.startsWith("ASK") || m.startsWith("CROSSSLOT")) {
                return true; // cluster redirection: the command exists and this user may run it
            }
            refused.put(name, m);
            return false;
        }
    }

    /** A command by name, for commands Jedis has no method for. */
    public static ProtocolCommand command(String name) {
        byte[] raw = SafeEncoder.encode(name);
        return () -> raw;
    }

    public boolean allows(String command) {
        return !refused.containsKey(command);
    }

    /** Why the server refused {@code command}, or null. */
    public String refusal(String command) {
        return refused.get(command);
    }

    public Map<String, String> refused() {
        return refused;
    }

    /** Human notes, e.g. "CONFIG refused (ERR unknown command 'CONFIG'): …". */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        refused.forEach((cmd, why) -> notes.add(cmd + " not available: " + why));
        return notes;
    }
}
