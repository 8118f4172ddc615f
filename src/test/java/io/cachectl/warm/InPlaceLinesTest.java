package io.cachectl.warm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The in-place fast path of the line reader sees exactly the lines and records the copying path sees. */
class InPlaceLinesTest {
    private static final WarmSettings SETTINGS = new WarmSettings("x.jsonl", Format.JSONL, false, 0, false, false,
            false, null, 1 << 20, false, 1, 2000, 100, false);

    private static final String[] SHAPES = {
        "{\"key\":\"k%d\",\"value\":{\"a\":[1,2.5e3,\"x\"],\"b\":null},\"ttl\":60}",
        "{\"key\":\"k%d\",\"value\":\"s\",\"ttl\":60}\r",                 // CRLF
        "  {\"key\":\"k%d\" , \"value\" : true , \"ttl\" : 9}  ",           // spaces around
        "",                                                                 // blank
        "{\"key\":\"k%d\",\"value\":1,\"ttl\":0}",                          // ttl 0: not simple (slow path decides)
        "{\"key\":\"k%d\",\"value\":{\"a\":1},",                            // broken over two lines...
        "\"ttl\":5}",                                                       // ...the rest
        "{\"key\":\"k%d\",\"value\":[1,2",                                  // truncated
        "{\"key\":\"k%d\",\"type\":\"set\",\"value\":[\"a\"],\"ttl\":5}",   // not simple
        "{\"key\":\"k%d\",\"value\":\"caf\u00e9 \u2603\",\"ttl\":5}",       // UTF-8 in a string
        "{\"key\":\"k%d\",\"value\":\"x" + "y".repeat(3000) + "\",\"ttl\":5}", // long: crosses buffer ends often
    };

    private static byte[] file(long seed, int lines) {
        Random rnd = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < lines; i++) {
            String s = String.format(SHAPES[rnd.nextInt(SHAPES.length)], i);
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            if (i < lines - 1 || rnd.nextBoolean()) {
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    /** Line number, line text and the verdict (hash or error) of every line. */
    private static List<String> read(byte[] data, boolean inPlace) throws IOException {
        List<String> seen = new ArrayList<>();
        RecordParser parser = new RecordParser(SETTINGS, Format.JSONL, "x.jsonl");
        try (LineReader r = new LineReader(new ByteArrayInputStream(data), SETTINGS.maxLineBytes())) {
            while (inPlace ? parser.advance(r) : r.next()) {
                String verdict;
                try {
                    long h = parser.check(r);
                    verdict = parser.wasRecord() ? "record " + h : "none";
                } catch (BadRecord e) {
                    verdict = "bad " + e.reason();
                }
                seen.add(r.lineNo() + " " + new String(r.bytes(), 0, r.len(), StandardCharsets.UTF_8) + " " + verdict);
            }
        }
        return seen;
    }

    @Test
    void in_place_reading_matches_copying_line_by_line() throws IOException {
        for (long seed = 1; seed <= 20; seed++) {
            byte[] data = file(seed, 400);
            List<String> copied = read(data, false);
            assertThat(read(data, true)).as("seed %d", seed).containsExactlyElementsOf(copied);
            assertThat(copied).isNotEmpty();
        }
    }
}
