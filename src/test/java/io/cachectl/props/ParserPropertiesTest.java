package io.cachectl.props;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachectl.cli.CachectlCommand;
import io.cachectl.connect.RedisUrl;
import io.cachectl.scan.Patterns;
import io.cachectl.error.CachectlException;
import io.cachectl.output.Console;
import io.cachectl.input.Durations;
import io.cachectl.input.Sizes;
import io.cachectl.error.ExitCode;
import io.cachectl.error.Secrets;
import io.cachectl.shell.HistoryFilter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * Properties of the parsers of user input that need no server: the URL mask, URLs, durations, sizes,
 * patterns, TTL policy files. Whatever the input, a parser either accepts it or fails with a usage
 * error (exit 2) — never another exception — and no output ever holds the password.
 */
class ParserPropertiesTest {

    /** Any characters at all, with the URL-significant ones and line breaks over-represented. */
    @Provide
    Arbitrary<String> passwords() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(24),
                Arbitraries.strings().withChars("/@:#%?[]{}' \"\\\n\r\t&=+~!$*,;").withCharRange('a', 'z')
                        .ofMinLength(1).ofMaxLength(24));
    }

    @Provide
    Arbitrary<String> users() {
        return Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8));
    }

    @Property(tries = 2000)
    void the_mask_of_a_url_never_shows_any_of_its_password(@ForAll("users") String user,
            @ForAll("passwords") String password) {
        String url = "redis://" + user + ":" + password + "@127.0.0.1:6379/2";
        assertThat(Secrets.maskUrl(url)).isEqualTo("redis://" + user + ":****@127.0.0.1:6379/2");
        if (password.chars().noneMatch(c -> c == '\n' || c == '\r')) {
            // free text (one line): the same, wherever the URL sits in a message
            String msg = "error: bad Redis URL '" + url + "': no host — expected redis://[user:password@]host:port";
            assertThat(Secrets.mask(msg)).isEqualTo("error: bad Redis URL 'redis://" + user
                    + ":****@127.0.0.1:6379/2': no host — expected redis://[user:password@]host:port");
            assertThat(HistoryFilter.isSecret("connect " + url)).isTrue();
        }
    }

    @Property(tries = 2000)
    void parsing_a_url_either_yields_the_password_as_typed_or_a_usage_error_without_it(@ForAll("users") String user,
            @ForAll("passwords") String password) {
        String url = "redis://" + user + ":" + password + "@127.0.0.1:6379";
        try {
            RedisUrl u = RedisUrl.parse(url);
            assertThat(u.host()).isEqualTo("127.0.0.1");
            if (password.indexOf('%') < 0 && password.strip().equals(password)) {
                assertThat(u.password()).isEqualTo(password);
            }
            assertThat(u.masked()).doesNotContain("@127.0.0.1:6379" + password);
        } catch (CachectlException e) {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            if (password.length() >= 6) {
                assertThat(e.getMessage()).doesNotContain(password);
            }
        }
    }

    @Property(tries = 2000)
    void any_text_as_a_url_is_accepted_or_a_usage_error(@ForAll @StringLength(max = 40) String text) {
        try {
            RedisUrl.parse(text);
        } catch (CachectlException e) {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        }
    }

    @Property(tries = 2000)
    void any_text_as_a_duration_is_a_duration_or_an_illegal_argument(@ForAll @StringLength(max = 30) String text) {
        try {
            assertThat(Durations.parse(text).isNegative()).isFalse();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).contains("is not a duration");
        }
    }

    @Provide
    Arbitrary<String> durationLike() {
        return Arbitraries.strings().withChars("0123456789.msdh ").ofMaxLength(25);
    }

    @Property(tries = 1000)
    void duration_like_text_is_a_duration_or_an_illegal_argument(@ForAll("durationLike") String text) {
        try {
            Durations.parse(text);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).contains("is not a duration");
        }
    }

    @Property(tries = 2000)
    void any_text_as_a_size_is_a_size_or_an_illegal_argument(@ForAll @StringLength(max = 30) String text) {
        try {
            assertThat(Sizes.parse(text)).isNotNegative();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).containsAnyOf("is not a size", "is too large a size");
        }
    }

    @Provide
    Arbitrary<String> units() {
        return Arbitraries.of("", "b", "k", "kb", "m", "mb", "g", "gb", "B", "K", "KB", "Kb", "M", "MB", "G", "GB");
    }

    private static long multiplier(String unit) {
        return unit.isEmpty() ? 1 : switch (Character.toLowerCase(unit.charAt(0))) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
    }

    @Property(tries = 2000)
    void a_whole_number_with_any_unit_in_any_case_is_that_many_1024_based_bytes(
            @ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 1L << 32) long n, @ForAll("units") String unit,
            @ForAll boolean space) {
        assertThat(Sizes.parse(n + (space ? " " : "") + unit)).isEqualTo(n * multiplier(unit));
        assertThat(Sizes.parse(" " + n + unit + " ")).isEqualTo(n * multiplier(unit));
    }

    @Property(tries = 2000)
    void a_fraction_with_any_unit_is_rounded_to_whole_bytes(
            @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 100_000) int whole,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 999) int thousandths, @ForAll("units") String unit) {
        String text = whole + "." + String.format("%03d", thousandths) + unit;
        long expected = new java.math.BigDecimal(whole + "." + String.format("%03d", thousandths))
                .multiply(java.math.BigDecimal.valueOf(multiplier(unit))).setScale(0, java.math.RoundingMode.HALF_UP)
                .longValueExact();
        assertThat(Sizes.parse(text)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> sizeLike() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789.kmgbKMGB -").ofMaxLength(16),
                Arbitraries.of("1.5mb", "1.5MB", "512kb", "512 KB", "1048576", "2g", "0.5k", "99999999999999gb",
                        "1e3", "-1mb", "mb", "1tb", "1 m b"));
    }

    /**
     * Every option that takes a SIZE (bigkeys --threshold, warm --max-value-size, any added later) accepts
     * the same text with the same value, and refuses the same text: one converter behind all of them.
     */
    @Property(tries = 1000)
    void every_size_option_accepts_the_same_text_with_the_same_value(@ForAll("sizeLike") String text) {
        java.util.List<picocli.CommandLine.Model.OptionSpec> sizes = new java.util.ArrayList<>();
        for (picocli.CommandLine cl : io.cachectl.docs.ManPages.commands(io.cachectl.docs.ManPages.commandLine())) {
            cl.getCommandSpec().options().stream().filter(o -> "SIZE".equals(o.paramLabel())).forEach(sizes::add);
        }
        assertThat(sizes).extracting(o -> o.longestName()).contains("--threshold", "--max-value-size");
        Long expected;
        try {
            expected = Sizes.parse(text);
        } catch (IllegalArgumentException e) {
            expected = null;
        }
        for (picocli.CommandLine.Model.OptionSpec o : sizes) {
            assertThat(o.converters()).as(o.longestName()).hasSize(1);
            Object got;
            try {
                got = o.converters()[0].convert(text);
            } catch (picocli.CommandLine.TypeConversionException e) {
                got = null;
            } catch (Exception e) {
                throw new AssertionError(o.longestName() + " " + text + ": " + e, e);
            }
            assertThat(got).as(o.longestName() + " " + text).isEqualTo(expected);
        }
    }

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.strings().withChars("ab*?[]^-\\{}:").ofMaxLength(12);
    }

    @Property(tries = 2000)
    void any_pattern_is_valid_or_a_usage_error(@ForAll("patterns") String pattern) {
        try {
            Patterns.validate(pattern);
            Patterns.pinnedSlot(pattern);
            Patterns.matchesEverything(pattern);
        } catch (CachectlException e) {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        }
    }

    /** Option values through the real command line: sizes, durations, numbers, URLs. Exit 2 or a run, never 4. */
    @Provide
    Arbitrary<String[]> optionValues() {
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789.-kmgbKMGBsdh%e")
                .ofMaxLength(22), Arbitraries.strings().all().ofMaxLength(10));
        Arbitrary<String> option = Arbitraries.of("--timeout", "--connect-timeout", "--min-hit-rate", "--max-latency-ms",
                "--max-memory-pct", "--latency-samples", "--interval");
        return net.jqwik.api.Combinators.combine(option, value).as((o, v) -> new String[] {"stats", o, v, "-u",
            "redis://127.0.0.1:1", "--connect-timeout", "100ms"});
    }

    @Property(tries = 300)
    void any_stats_option_value_is_a_usage_error_or_an_attempt_to_connect(@ForAll("optionValues") String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // a later --connect-timeout wins for that option; others fail fast against port 1 (refused)
        int code = CachectlCommand.run(new Console(new PrintWriter(out), new PrintWriter(err),
                new java.io.ByteArrayInputStream(new byte[0]), Console.Terminals.NONE, Map.of()), args);
        assertThat(code).as(String.join(" ", args) + "\n" + err).isIn(ExitCode.USAGE, ExitCode.UNAVAILABLE);
        assertThat(err.toString()).doesNotContain("unexpected failure").doesNotContain("Exception");
    }

    @Provide
    Arbitrary<String> policyFiles() {
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.of("rules:", "- pattern: \"user:*\"", "  max_ttl: 30m", "  min_ttl: 1s", "  require_ttl: true",
                        "{\"rules\":[{\"pattern\":\"a*\",\"max_ttl\":\"1h\"}]}", "[", "{", "max_ttl: -5", "  max_ttl: 99999999999d",
                        "- pattern: \"[\""));
        return line.list().ofMaxSize(6).map(l -> String.join("\n", l));
    }

    @Property(tries = 300)
    void any_ttl_policy_file_loads_or_is_a_usage_error(@ForAll("policyFiles") String text) throws Exception {
        Path f = Files.createTempFile("policy", ".yaml");
        try {
            Files.write(f, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            io.cachectl.ttl.TtlPolicy.load(f);
        } catch (CachectlException e) {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Provide
    Arbitrary<byte[]> fileBytes() {
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars("{}[]\":,0123456789.eE-+ \\ukeyvaluettltype").ofMaxLength(40),
                Arbitraries.of("{\"key\":\"a\",\"value\":1,\"ttl\":60}", "key,value,ttl", "a,1,60", "\"a\",\"x,y\",5",
                        "{\"key\":\"z\",\"type\":\"zset\",\"value\":{\"m\":1e999}}", "\uFEFFkey,value"));
        Arbitrary<byte[]> junk = Arbitraries.bytes().array(byte[].class).ofMaxSize(60);
        return Arbitraries.oneOf(line.list().ofMaxSize(8).map(l -> String.join("\n", l)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)), junk);
    }

    /** Any bytes as a warm input (JSON Lines or CSV, dry run): valid (0) or refused (2), never anything else. */
    @Property(tries = 400)
    void any_warm_input_is_valid_or_refused_with_exit_2(@ForAll("fileBytes") byte[] data,
            @ForAll boolean csv) throws Exception {
        Path f = Files.createTempFile("fuzz", csv ? ".csv" : ".jsonl");
        try {
            Files.write(f, data);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = CachectlCommand.run(new Console(new PrintWriter(out), new PrintWriter(err),
                    new java.io.ByteArrayInputStream(new byte[0]), Console.Terminals.NONE, Map.of()),
                    "warm", f.toString(), "--dry-run", "--ttl", "1h");
            assertThat(code).as(err.toString()).isIn(ExitCode.OK, ExitCode.USAGE);
            assertThat(err.toString()).doesNotContain("unexpected failure").doesNotContain("Exception");
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /** Any bytes as a key list: every non-empty line is one key, a leading BOM dropped; nothing throws. */
    @Property(tries = 1000)
    void any_key_list_yields_its_lines_as_keys(@ForAll("fileBytes") byte[] data) {
        StringWriter sink = new StringWriter();
        Console console = new Console(new PrintWriter(sink), new PrintWriter(sink),
                new java.io.ByteArrayInputStream(data), Console.Terminals.NONE, Map.of());
        int n = 0;
        try (io.cachectl.invalidate.KeyList keys = io.cachectl.invalidate.KeyList.open("-", console)) {
            while (keys.hasNext()) {
                byte[] k = keys.next();
                assertThat(k.length).isPositive();
                n++;
            }
        }
        String text = new String(data, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (text.startsWith("\u00EF\u00BB\u00BF")) {
            text = text.substring(3);
        }
        long expected = java.util.Arrays.stream(text.split("\n", -1)).map(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l)
                .filter(l -> !l.isEmpty()).count();
        assertThat(n).isEqualTo(expected);
    }
}
