package io.cachectl.warm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One CSV line's fields (RecordParser.cells): RFC 4180, and the reason and column when a line is not. */
class CsvCellsTest {
    private static List<String> cells(String line) throws BadRecord {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return RecordParser.cells(b, b.length).stream().map(c -> new String(c, StandardCharsets.UTF_8)).toList();
    }

    private static String reason(String line) {
        try {
            cells(line);
        } catch (BadRecord e) {
            return e.reason();
        }
        throw new AssertionError("accepted: " + line);
    }

    @Test
    void fields_quotes_and_empty_fields() throws BadRecord {
        assertThat(cells("a,b,c")).containsExactly("a", "b", "c");
        assertThat(cells("a")).containsExactly("a");
        assertThat(cells("a,")).containsExactly("a", "");
        assertThat(cells(",a")).containsExactly("", "a");
        assertThat(cells(",,")).containsExactly("", "", "");
        assertThat(cells("\"a,b \"\"q\"\"\",x")).containsExactly("a,b \"q\"", "x");
        assertThat(cells("\"\",\"\"")).containsExactly("", "");
        assertThat(cells("k,\"{\"\"j\"\":1}\",60")).containsExactly("k", "{\"j\":1}", "60");
        assertThat(cells(" a , b ")).containsExactly(" a ", " b "); // blanks are data
        assertThat(cells("é,\"ü\"\"ß\",日本")).containsExactly("é", "ü\"ß", "日本");
        assertThat(cells("#a,b")).containsExactly("#a", "b"); // no comment lines
        assertThat(cells("a\\n,b\\")).containsExactly("a\\n", "b\\"); // no escape character
        assertThat(cells("\"multi\rline\",x")).containsExactly("multi\rline", "x");
        assertThat(cells("tab\there,nul\0")).containsExactly("tab\there", "nul\0");
    }

    @Test
    void a_carriage_return_outside_quotes_is_data() throws BadRecord {
        assertThat(cells("a\rb,c")).containsExactly("a\rb", "c");
        assertThat(cells("a\r,b\r")).containsExactly("a\r", "b\r");
        assertThat(cells("\uE000\r,\uE001")).containsExactly("\uE000\r", "\uE001");
    }

    @Test
    void malformed_lines_say_what_is_wrong_and_where() {
        assertThat(reason("a,\"b")).isEqualTo("unterminated quoted CSV field (a field may not span lines)");
        assertThat(reason("\"a\"\"")).isEqualTo("unterminated quoted CSV field (a field may not span lines)");
        assertThat(reason("\"a\"x,b")).isEqualTo("unexpected character after a quoted CSV field at column 4");
        assertThat(reason("\"a\" ,b")).isEqualTo("unexpected character after a quoted CSV field at column 4");
        assertThat(reason("x,\"é\" ")).isEqualTo("unexpected character after a quoted CSV field at column 7");
        assertThat(reason("\"a\"\r,b")).isEqualTo("unexpected character after a quoted CSV field at column 4");
        assertThat(reason("k,{\"j\":1}x")).isEqualTo(
                "a double quote inside an unquoted CSV field at column 4 (quote the field and double the quote)");
        assertThat(reason("é, \"a\"")).isEqualTo(
                "a double quote inside an unquoted CSV field at column 5 (quote the field and double the quote)");
    }
}
