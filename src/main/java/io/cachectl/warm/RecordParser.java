package io.cachectl.warm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import io.cachectl.error.CachectlException;
import io.cachectl.output.Units;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Turns one input line into a {@link WarmRecord} or a {@link BadRecord} with a one-line reason.
 * JSON Lines are parsed with Jackson's streaming parser directly on the line's bytes; a string
 * record's value is the exact JSON text of {@code value} as written (sliced from the line, never
 * re-serialised). One parser per pass (CSV keeps its header).
 */
final class RecordParser {
    static final long MAX_TTL = 100L * 365 * 24 * 3600; // 100 years: beyond that it is a typo

    private static final JsonFactory JSON = JsonFactory.builder().build();
    /** CSV without a schema: a record is an array of strings (the header is read as one). */
    private static final CsvFactory CSV = CsvFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build()).build();

    /**
     * The hand-written fast path ({@link FastLine}) on or off: {@code -Dcachectl.warm.fast-path=false}
     * (through CACHECTL_JAVA_OPTS) parses every line with Jackson streaming only. A measuring knob
     * for scripts/bench-warm.sh, not a user option: a system property keeps it off --help, the man
     * pages and completion, and out of WarmSettings.
     */
    static final boolean FAST_PATH = !"false".equals(System.getProperty("cachectl.warm.fast-path"));

    private final Format format;
    private final WarmSettings settings;
    private final FastLine fast = new FastLine();
    private boolean wasRecord;
    private final String fileName;
    private int csvKey = -1;
    private int csvValue = -1;
    private int csvTtl = -1;
    private int csvColumns;
    private boolean headerSeen;
    private byte[] headerLine;

    RecordParser(WarmSettings settings, Format format, String fileName) {
        this.settings = settings;
        this.format = format;
        this.fileName = fileName;
    }

    /** The CSV header line as read (for the rejects file), or null. */
    byte[] headerLine() {
        return headerLine;
    }

    /**
     * Parses the reader's current line; null when the line holds no record (blank, CSV header).
     * A bad CSV header is not a record error: it makes the whole file unreadable (exit 2).
     */
    WarmRecord parse(LineReader r) throws BadRecord {
        long line = r.lineNo();
        if (r.tooLong()) {
            throw new BadRecord("line is " + Units.bytes(r.length()) + " long, over the limit of "
                    + Units.bytes(settings.maxLineBytes()) + " (values may be at most --max-value-size "
                    + Units.bytes(settings.maxValueSize()) + ")");
        }
        if (r.blank()) {
            return null;
        }
        byte[] b = r.bytes();
        int len = r.len();
        if (format == Format.CSV) {
            Utf8.check(b, len);
            if (!headerSeen) {
                header(b, len, line);
                return null;
            }
            return csv(b, len, line);
        }
        return json(b, len, line);
    }

    /**
     * The validation pass: checks the current line exactly like {@link #parse} but, on the fast
     * path, without building the record. Returns the key's {@link Duplicates#hash}; meaningful only
     * when {@link #wasRecord()} (false for blank lines and the CSV header).
     */
    long check(LineReader r) throws BadRecord {
        wasRecord = false;
        if (FAST_PATH && format == Format.JSONL && r.scannedBy(fast)) {
            if (fast.ttl != 0 && fast.ttl <= MAX_TTL && !(settings.rawStrings() && fast.valueIsString)) {
                effectiveTtl(fast.ttl);
                checkSize(fast.valueEnd - fast.valueStart);
                wasRecord = true;
                return Duplicates.hash(r.buffer(), fast.keyStart, fast.keyEnd);
            }
        } else if (FAST_PATH && format == Format.JSONL && !r.tooLong() && !r.blank()) {
            byte[] b = r.bytes();
            int len = r.len();
            if (fast.scan(b, len) && fast.ttl != 0 && fast.ttl <= MAX_TTL
                    && !(settings.rawStrings() && fast.valueIsString)) {
                effectiveTtl(fast.ttl);
                checkSize(fast.valueEnd - fast.valueStart);
                wasRecord = true;
                return Duplicates.hash(b, fast.keyStart, fast.keyEnd);
            }
        }
        WarmRecord rec = parse(r);
        if (rec == null) {
            return 0;
        }
        wasRecord = true;
        return Duplicates.hash(rec.key());
    }

    /**
     * The write pass's shortcut: true when the current line is a plain string record taken by the
     * fast path, whose key is {@link #keyStart()}..{@link #keyEnd()} and value
     * {@link #valueStart()}..{@link #valueEnd()} in the line, with TTL {@link #ttl()} (no copies
     * made). False means "call {@link #parse}"; a bad record throws exactly as parse would.
     */
    boolean simple(LineReader r) throws BadRecord {
        if (!FAST_PATH || format != Format.JSONL || r.tooLong()) {
            return false;
        }
        if (r.scannedBy(fast)) {
            simpleLine = r.buffer();
        } else {
            simpleLine = r.bytes();
            int len = r.len();
            if (len == 0 || simpleLine[0] != '{' || !fast.scan(simpleLine, len)) {
                return false;
            }
        }
        if (fast.ttl == 0 || fast.ttl > MAX_TTL || settings.rawStrings() && fast.valueIsString) {
            return false;
        }
        simpleTtl = effectiveTtl(fast.ttl);
        checkSize(fast.valueEnd - fast.valueStart);
        return true;
    }

    private long simpleTtl;
    private byte[] simpleLine;

    /** The array {@link #keyStart()} and the other indexes of a {@link #simple} record refer to. */
    byte[] simpleLine() {
        return simpleLine;
    }

    /**
     * Moves {@code r} to the next line, scanning a simple JSON record in place when it can (the
     * fast path then needs no copy and no second scan). False at the end of the input.
     */
    boolean advance(LineReader r) throws IOException {
        return FAST_PATH && format == Format.JSONL && r.nextInPlace(fast) || r.next();
    }

    int keyStart() {
        return fast.keyStart;
    }

    int keyEnd() {
        return fast.keyEnd;
    }

    int valueStart() {
        return fast.valueStart;
    }

    int valueEnd() {
        return fast.valueEnd;
    }

    long ttl() {
        return simpleTtl;
    }

    boolean wasRecord() {
        return wasRecord;
    }

    // ---------------------------------------------------------------- JSON Lines

    private WarmRecord json(byte[] b, int len, long line) throws BadRecord {
        if (FAST_PATH && fast.scan(b, len) && fast.ttl != 0 && fast.ttl <= MAX_TTL) {
            int vs = fast.valueStart;
            int ve = fast.valueEnd;
            if (settings.rawStrings() && fast.valueIsString) {
                vs++;
                ve--;
                for (int i = vs; i < ve; i++) {
                    if (b[i] == '\\') {
                        return jackson(b, len, line); // escapes to decode
                    }
                }
            }
            long ttl = effectiveTtl(fast.ttl);
            checkSize(ve - vs);
            return new WarmRecord(line, Arrays.copyOfRange(b, fast.keyStart, fast.keyEnd), WarmRecord.Kind.STRING,
                    Arrays.copyOfRange(b, vs, ve), null, ttl);
        }
        return jackson(b, len, line);
    }

    /** On line 1, a CSV header ("key,value[,ttl]") read as JSON: say how to read it as CSV. */
    private static String csvHint(byte[] b, int len, long line) {
        if (line != 1 || len == 0 || b[0] == '{') {
            return "";
        }
        String head = new String(b, 0, Math.min(len, 200), StandardCharsets.UTF_8).trim().toLowerCase(java.util.Locale.ROOT);
        return head.matches("\"?key\"?\\s*,.*") ? " (this looks like a CSV header: pass --format csv)" : "";
    }

    private WarmRecord jackson(byte[] b, int len, long line) throws BadRecord {
        Utf8.check(b, len); // the fast path validated only what it accepted
        try (JsonParser p = JSON.createParser(b, 0, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRecord("not a JSON object (each line must be {\"key\": …, \"value\": …})"
                        + csvHint(b, len, line));
            }
            byte[] key = null;
            JsonToken valueToken = null;
            int vs = 0;
            int ve = 0;
            byte[] rawString = null;
            long ttl = -1;
            boolean ttlSeen = false;
            String type = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "key" -> {
                        if (key != null) {
                            throw new BadRecord("\"key\" given twice");
                        }
                        if (v != JsonToken.VALUE_STRING) {
                            throw new BadRecord("\"key\" must be a string, got " + describe(v));
                        }
                        key = stringBytes(p, b);
                        if (key.length == 0) {
                            throw new BadRecord("\"key\" is empty");
                        }
                    }
                    case "value" -> {
                        if (valueToken != null) {
                            throw new BadRecord("\"value\" given twice");
                        }
                        valueToken = v;
                        vs = (int) p.currentTokenLocation().getByteOffset();
                        if (v.isStructStart()) {
                            p.skipChildren();
                        } else if (v == JsonToken.VALUE_STRING && settings.rawStrings()) {
                            rawString = stringBytes(p, b);
                        } else {
                            p.finishToken();
                        }
                        ve = (int) p.currentLocation().getByteOffset();
                    }
                    case "ttl" -> {
                        if (ttlSeen) {
                            throw new BadRecord("\"ttl\" given twice");
                        }
                        ttlSeen = true;
                        ttl = ttl(p, v);
                    }
                    case "type" -> {
                        if (type != null) {
                            throw new BadRecord("\"type\" given twice");
                        }
                        if (v != JsonToken.VALUE_STRING) {
                            throw new BadRecord("\"type\" must be one of string, hash, set, list, zset; got "
                                    + describe(v));
                        }
                        type = p.getText();
                    }
                    default -> {
                        throw new BadRecord("unknown field \"" + name + "\" (expected key, value, ttl, type)");
                    }
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new BadRecord("invalid JSON: the object is not closed");
            }
            if (p.nextToken() != null) {
                throw new BadRecord("unexpected content after the JSON object (one record per line)");
            }
            if (key == null) {
                throw new BadRecord("missing \"key\"");
            }
            if (valueToken == null) {
                throw new BadRecord("missing \"value\"");
            }
            long effectiveTtl = effectiveTtl(ttl);
            WarmRecord.Kind kind = kind(type);
            if (kind == WarmRecord.Kind.STRING) {
                byte[] value = rawString != null ? rawString : Arrays.copyOfRange(b, vs, ve);
                checkSize(value.length);
                return new WarmRecord(line, key, kind, value, null, effectiveTtl);
            }
            return new WarmRecord(line, key, kind, null, collection(kind, b, vs, ve, valueToken), effectiveTtl);
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage() == null ? "malformed" : e.getOriginalMessage();
            int nl = msg.indexOf('\n');
            throw new BadRecord("invalid JSON at column " + (e.getLocation() == null ? "?"
                    : e.getLocation().getColumnNr()) + ": " + (nl < 0 ? msg : msg.substring(0, nl)) + csvHint(b, len, line));
        } catch (IOException e) {
            throw new BadRecord("invalid JSON: " + e.getMessage());
        }
    }

    private static WarmRecord.Kind kind(String type) throws BadRecord {
        if (type == null) {
            return WarmRecord.Kind.STRING;
        }
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "string" -> WarmRecord.Kind.STRING;
            case "hash" -> WarmRecord.Kind.HASH;
            case "set" -> WarmRecord.Kind.SET;
            case "list" -> WarmRecord.Kind.LIST;
            case "zset" -> WarmRecord.Kind.ZSET;
            default -> throw new BadRecord("unknown \"type\" \"" + type + "\" (string, hash, set, list, zset)");
        };
    }

    private List<byte[]> collection(WarmRecord.Kind kind, byte[] b, int vs, int ve, JsonToken first)
            throws IOException, BadRecord {
        String what = kind.name().toLowerCase(Locale.ROOT);
        boolean object = kind == WarmRecord.Kind.HASH || kind == WarmRecord.Kind.ZSET;
        if (object && first != JsonToken.START_OBJECT) {
            throw new BadRecord("a " + what + " \"value\" must be a JSON object ("
                    + (kind == WarmRecord.Kind.HASH ? "field → value" : "member → score") + "), got " + describe(first));
        }
        if (!object && first != JsonToken.START_ARRAY) {
            throw new BadRecord("a " + what + " \"value\" must be a JSON array of members, got " + describe(first));
        }
        List<byte[]> parts = new ArrayList<>();
        long total = 0;
        try (JsonParser p = JSON.createParser(b, vs, ve - vs)) {
            p.nextToken();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_OBJECT && t != JsonToken.END_ARRAY) {
                byte[] name = null;
                if (object) {
                    name = p.currentName().getBytes(StandardCharsets.UTF_8);
                    t = p.nextToken();
                }
                byte[] item;
                if (kind == WarmRecord.Kind.ZSET) {
                    if (!t.isNumeric()) {
                        throw new BadRecord("zset score of member \"" + p.currentName() + "\" must be a number, got "
                                + describe(t));
                    }
                    item = p.getText().getBytes(StandardCharsets.US_ASCII);
                    checkScore(p.getText(), p.currentName());
                    parts.add(item);
                    parts.add(name);
                } else {
                    item = element(p, t, b, vs);
                    if (name != null) {
                        parts.add(name);
                    }
                    parts.add(item);
                }
                total += item.length + (name == null ? 0 : name.length);
                checkSize(total);
            }
        }
        if (parts.isEmpty()) {
            throw new BadRecord("an empty " + what + " cannot be stored in Redis");
        }
        return parts;
    }

    /** A hash field value / set or list member: strings as their text, anything else as its JSON text. */
    private static byte[] element(JsonParser p, JsonToken t, byte[] b, int base) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText().getBytes(StandardCharsets.UTF_8);
        }
        int s = (int) p.currentTokenLocation().getByteOffset();
        if (t.isStructStart()) {
            p.skipChildren();
        } else {
            p.finishToken();
        }
        int e = (int) p.currentLocation().getByteOffset();
        return Arrays.copyOfRange(b, base + s, base + e);
    }

    /** A string token's decoded bytes; sliced from the line when it has no escapes (the common case). */
    private static byte[] stringBytes(JsonParser p, byte[] b) throws IOException {
        int s = (int) p.currentTokenLocation().getByteOffset();
        p.finishToken();
        int e = (int) p.currentLocation().getByteOffset();
        for (int i = s + 1; i < e - 1; i++) {
            if (b[i] == '\\') {
                return p.getText().getBytes(StandardCharsets.UTF_8);
            }
        }
        return Arrays.copyOfRange(b, s + 1, e - 1);
    }

    private static long ttl(JsonParser p, JsonToken v) throws IOException, BadRecord {
        if (v == JsonToken.VALUE_NULL) {
            return -1;
        }
        if (v != JsonToken.VALUE_NUMBER_INT) {
            throw new BadRecord("\"ttl\" must be a whole number of seconds, got " + describe(v)
                    + (v == JsonToken.VALUE_STRING ? " \"" + p.getText() + "\"" : ""));
        }
        if (p.getNumberType() != JsonParser.NumberType.INT && p.getNumberType() != JsonParser.NumberType.LONG) {
            throw new BadRecord("\"ttl\" " + p.getText() + " is out of range (1 … " + MAX_TTL + " seconds)");
        }
        return checkTtl(p.getLongValue(), p.getText());
    }

    private static long checkTtl(long ttl, String text) throws BadRecord {
        if (ttl <= 0 || ttl > MAX_TTL) {
            throw new BadRecord("\"ttl\" " + text + " is out of range (1 … " + MAX_TTL + " seconds)");
        }
        return ttl;
    }

    /**
     * A score the server takes: Redis parses it with strtod and refuses overflow (1e999), underflow
     * to zero (1e-999) and NaN, so validation refuses them too rather than fail part-way.
     */
    static void checkScore(String text, String member) throws BadRecord {
        double d;
        try {
            d = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new BadRecord("zset score of member \"" + member + "\" is not a number: " + text);
        }
        boolean underflow = d == 0.0 && text.replaceFirst("[eE].*", "").matches(".*[1-9].*");
        if (Double.isInfinite(d) || Double.isNaN(d) || underflow) {
            throw new BadRecord("zset score " + text + " of member \"" + member + "\" is out of the range of a"
                    + " double (Redis refuses it)");
        }
    }

    private long effectiveTtl(long ttl) throws BadRecord {
        if (ttl > 0) {
            return ttl;
        }
        if (settings.defaultTtl() > 0) {
            return settings.defaultTtl();
        }
        if (settings.allowNoTtl()) {
            return 0;
        }
        throw new BadRecord("no ttl: every cache key should expire (give \"ttl\" in the record, a default with --ttl,"
                + " or pass --allow-no-ttl)");
    }

    private void checkSize(long bytes) throws BadRecord {
        if (bytes > settings.maxValueSize()) {
            throw new BadRecord("value is over --max-value-size " + Units.bytes(settings.maxValueSize())
                    + " (the guide: objects over 1 MB should not be cached)");
        }
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }

    // ---------------------------------------------------------------- CSV

    private void header(byte[] b, int len, long line) {
        headerSeen = true;
        headerLine = Arrays.copyOf(b, len);
        List<byte[]> cells;
        try {
            cells = cells(b, len);
        } catch (BadRecord e) {
            throw CachectlException.usage(fileName + ":" + line + ": bad CSV header: " + e.reason());
        }
        for (int i = 0; i < cells.size(); i++) {
            String name = new String(cells.get(i), StandardCharsets.UTF_8).trim().toLowerCase(Locale.ROOT);
            int[] slot = switch (name) {
                case "key" -> new int[] {csvKey};
                case "value" -> new int[] {csvValue};
                case "ttl" -> new int[] {csvTtl};
                default -> throw CachectlException.usage(fileName + ":" + line + ": unknown CSV column \"" + name
                        + "\" (the header names the columns key,value[,ttl])");
            };
            if (slot[0] >= 0) {
                throw CachectlException.usage(fileName + ":" + line + ": CSV column \"" + name + "\" appears twice");
            }
            switch (name) {
                case "key" -> csvKey = i;
                case "value" -> csvValue = i;
                default -> csvTtl = i;
            }
        }
        if (csvKey < 0 || csvValue < 0) {
            throw CachectlException.usage(fileName + ":" + line
                    + ": the first line of a CSV file must be a header naming the columns key,value[,ttl]");
        }
        csvColumns = cells.size();
    }

    private WarmRecord csv(byte[] b, int len, long line) throws BadRecord {
        List<byte[]> cells = cells(b, len);
        if (cells.size() != csvColumns) {
            throw new BadRecord("expected " + csvColumns + " CSV fields, found " + cells.size());
        }
        byte[] key = cells.get(csvKey);
        if (key.length == 0) {
            throw new BadRecord("key is empty");
        }
        byte[] value = cells.get(csvValue);
        checkSize(value.length);
        long ttl = -1;
        if (csvTtl >= 0 && cells.get(csvTtl).length > 0) {
            String text = new String(cells.get(csvTtl), StandardCharsets.UTF_8).trim();
            try {
                ttl = checkTtl(Long.parseLong(text), text);
            } catch (NumberFormatException e) {
                throw new BadRecord("ttl must be a whole number of seconds, got \"" + text + "\"");
            }
        }
        return new WarmRecord(line, key, WarmRecord.Kind.STRING, value, null, effectiveTtl(ttl));
    }

    /**
     * RFC 4180 fields of one line (commas, double quotes, "" inside quotes), read with Jackson's CSV
     * parser. RFC 4180 is stricter than Jackson, and so is this: every field ends at a comma or the
     * end of the line (Jackson skips blanks after a closing quote), a quote inside an unquoted field
     * is an error (Jackson keeps it), and a carriage return outside quotes is part of the field
     * (Jackson would end the record there; it is swapped for a character the line does not hold).
     */
    static List<byte[]> cells(byte[] b, int len) throws BadRecord {
        if (len == 0) {
            return List.of(new byte[0]); // one empty field (Jackson reads no record)
        }
        String line = new String(b, 0, len, StandardCharsets.UTF_8);
        char cr = line.indexOf('\r') < 0 ? '\r' : unused(line);
        String input = cr == '\r' ? line : line.replace('\r', cr);
        List<byte[]> cells = new ArrayList<>(4);
        try (JsonParser p = CSV.createParser(input)) {
            p.nextToken(); // START_ARRAY: the record
            while (p.nextToken() == JsonToken.VALUE_STRING) {
                int start = (int) p.currentTokenLocation().getCharOffset();
                String text = p.getText();
                int end;
                if (start < input.length() && input.charAt(start) == '"') {
                    end = start + 2 + text.length() + count(text, '"'); // after the closing quote
                    if (end < input.length() && input.charAt(end) != ',') {
                        throw new BadRecord("unexpected character after a quoted CSV field at column " + column(line, end));
                    }
                } else {
                    int q = text.indexOf('"');
                    if (q >= 0) {
                        throw new BadRecord("a double quote inside an unquoted CSV field at column "
                                + column(line, start + q) + " (quote the field and double the quote)");
                    }
                }
                cells.add((cr == '\r' ? text : text.replace(cr, '\r')).getBytes(StandardCharsets.UTF_8));
            }
            return cells;
        } catch (JsonProcessingException e) {
            if (String.valueOf(e.getOriginalMessage()).startsWith("Missing closing quote")) {
                throw new BadRecord("unterminated quoted CSV field (a field may not span lines)");
            }
            // the only other error Jackson reports here: a character other than a blank after a closing
            // quote; it names that character, having skipped the blanks before it, where RFC 4180 stops
            int at = e.getLocation() == null ? -1 : (int) e.getLocation().getCharOffset();
            while (at > 0 && input.charAt(at - 1) <= ' ') {
                at--;
            }
            throw new BadRecord("unexpected character after a quoted CSV field at column "
                    + (at < 0 ? "?" : String.valueOf(column(line, at))));
        } catch (IOException e) {
            throw new BadRecord("unreadable CSV: " + e.getMessage()); // reading a String: not expected
        }
    }

    /** A character {@code line} does not contain, from the Private Use Area. */
    private static char unused(String line) {
        char c = '\uE000';
        while (line.indexOf(c) >= 0) {
            c++;
        }
        return c;
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = s.indexOf(c); i >= 0; i = s.indexOf(c, i + 1)) {
            n++;
        }
        return n;
    }

    /** The 1-based byte column of {@code line}'s character at {@code index} (the reader counts bytes). */
    private static int column(String line, int index) {
        return line.substring(0, Math.min(index, line.length())).getBytes(StandardCharsets.UTF_8).length + 1;
    }
}
