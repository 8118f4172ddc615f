package io.cachectl.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one JSON configuration: snake_case fields, numbers as numbers. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {
    }

    private record Sample(String name, long count, double ratio, boolean ok, java.util.List<Sample> items,
            java.util.Map<String, Long> byName, Long missing) {
    }

    /**
     * Loads and links Jackson on a background daemon thread (about 0.1 s of class loading and
     * introspection) so that a command printing JSON at its end does not pay for it after its work is
     * done: called as soon as {@code --json} is parsed.
     */
    public static void warmUp() {
        Sample leaf = new Sample("k", 1, 0.5, true, java.util.List.of(), java.util.Map.of("a", 1L), null);
        warmUp(new Sample("x", 2, 1.5, false, java.util.List.of(leaf), java.util.Map.of(), 3L));
    }

    /** Serializes {@code sample} on a background daemon thread: builds its serializers ahead of the real write. */
    public static void warmUp(Object sample) {
        Thread t = new Thread(() -> {
            try {
                MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(sample);
            } catch (Exception | LinkageError ignored) {
                // only a head start: the real write reports any problem
            }
        }, "cachectl-json-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }
}
