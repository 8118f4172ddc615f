package io.cachectl.warm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast scanner only ever accepts what a strict JSON parser accepts, with the same value: random
 * records, then random one-byte mutations (the scanner must reject or agree; it never decides a
 * line is bad, so rejecting is always safe).
 */
class FastLineFuzzTest {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final String ALPHABET = "{}[]:,\"\\ \t\r\n-+.eE0123456789truefalsnl\u00e9\u2603xyz/u\u0001";

    private static String value(Random rnd, int depth) {
        int kind = rnd.nextInt(depth > 3 ? 5 : 7);
        return switch (kind) {
            case 0 -> "\"" + "ab\\\"\\\\\\n\\u00e9 /caf\u00e9".substring(0, rnd.nextInt(18)).replaceAll("\\\\$", "") + "\"";
            case 1 -> String.valueOf(rnd.nextInt(2000) - 1000) + (rnd.nextBoolean() ? ".5e-3" : "");
            case 2 -> rnd.nextBoolean() ? "true" : "false";
            case 3 -> "null";
            case 4 -> "0";
            case 5 -> {
                StringBuilder sb = new StringBuilder("{");
                int n = rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    sb.append(i > 0 ? "," : "").append(rnd.nextBoolean() ? " " : "").append("\"f").append(i)
                            .append("\":").append(value(rnd, depth + 1));
                }
                yield sb.append("}").toString();
            }
            default -> {
                StringBuilder sb = new StringBuilder("[");
                int n = rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    sb.append(i > 0 ? ", " : "").append(value(rnd, depth + 1));
                }
                yield sb.append("]").toString();
            }
        };
    }

    private static String record(Random rnd) {
        String k = "\"key\":\"k" + rnd.nextInt(1000) + "\"";
        String v = "\"value\":" + value(rnd, 0);
        String t = "\"ttl\":" + (rnd.nextInt(10) == 0 ? "null" : String.valueOf(1 + rnd.nextInt(5000)));
        String[] f = rnd.nextBoolean() ? new String[] {k, v, t} : new String[] {t, v, k};
        return "{" + String.join(rnd.nextInt(4) == 0 ? " , " : ",", f) + "}";
    }

    @Test
    void the_fast_scanner_accepts_only_strict_json_and_slices_the_same_value() throws Exception {
        Random rnd = new Random(42);
        FastLine fast = new FastLine();
        int accepted = 0;
        int mutatedAccepted = 0;
        for (int n = 0; n < 60_000; n++) {
            byte[] line = record(rnd).getBytes(StandardCharsets.UTF_8);
            boolean mutated = n % 3 != 0;
            if (mutated) {
                line = mutate(rnd, line);
            }
            if (!fast.scan(line, line.length)) {
                continue;
            }
            accepted++;
            mutatedAccepted += mutated ? 1 : 0;
            String text = new String(line, StandardCharsets.UTF_8);
            assertThat(Arrays.equals(text.getBytes(StandardCharsets.UTF_8), line)).as("valid UTF-8: %s", text).isTrue();
            JsonNode tree = STRICT.readTree(line); // throws on anything a strict parser refuses
            assertThat(tree.isObject()).as(text).isTrue();
            assertThat(tree.get("key").asText()).as(text)
                    .isEqualTo(new String(line, fast.keyStart, fast.keyEnd - fast.keyStart, StandardCharsets.UTF_8));
            assertThat(STRICT.readTree(Arrays.copyOfRange(line, fast.valueStart, fast.valueEnd))).as(text)
                    .isEqualTo(tree.get("value"));
            // in place, followed by the next line, it agrees (a raw newline would end the line there)
            if (text.indexOf('\n') >= 0) {
                continue;
            }
            byte[] buf = Arrays.copyOf(line, line.length + 3);
            buf[line.length] = '\n';
            buf[line.length + 1] = '{';
            assertThat(fast.scanInPlace(buf, 0, buf.length)).as(text).isEqualTo(line.length);
        }
        assertThat(accepted).isGreaterThan(20_000);
        assertThat(mutatedAccepted).isGreaterThan(1_000);
    }

    private static byte[] mutate(Random rnd, byte[] line) {
        byte[] ins = String.valueOf(ALPHABET.charAt(rnd.nextInt(ALPHABET.length()))).getBytes(StandardCharsets.UTF_8);
        int at = rnd.nextInt(line.length);
        return switch (rnd.nextInt(4)) {
            case 0 -> concat(Arrays.copyOf(line, at), Arrays.copyOfRange(line, at + 1, line.length)); // delete
            case 1 -> concat(concat(Arrays.copyOf(line, at), ins), Arrays.copyOfRange(line, at, line.length)); // insert
            case 2 -> { // a single raw byte (also invalid UTF-8)
                byte[] c = line.clone();
                c[at] = (byte) rnd.nextInt(256);
                yield c;
            }
            default -> concat(concat(Arrays.copyOf(line, at), ins), Arrays.copyOfRange(line, at + 1, line.length)); // replace
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
