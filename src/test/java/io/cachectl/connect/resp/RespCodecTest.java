package io.cachectl.connect.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespCodecTest {
    /** One reply on the wire and what the reader must say of it. */
    record Reply(String wire, int kind, long integer, long length, String error) {
    }

    private static final List<Reply> REPLIES = List.of(
            new Reply("+OK\r\n", RespReader.STATUS, 0, -1, null),
            new Reply("+QUEUED\r\n", RespReader.STATUS, 0, -1, null),
            new Reply(":0\r\n", RespReader.INTEGER, 0, -1, null),
            new Reply(":1234567890123\r\n", RespReader.INTEGER, 1234567890123L, -1, null),
            new Reply(":-42\r\n", RespReader.INTEGER, -42, -1, null),
            new Reply("$5\r\nhello\r\n", RespReader.BULK, 0, 5, null),
            new Reply("$0\r\n\r\n", RespReader.BULK, 0, 0, null),
            new Reply("$12\r\nwith\r\nCRLF\r\n\r\n", RespReader.BULK, 0, 12, null),
            new Reply("$-1\r\n", RespReader.NIL, 0, -1, null),
            new Reply("*-1\r\n", RespReader.NIL, 0, -1, null),
            new Reply("*0\r\n", RespReader.ARRAY, 0, 0, null),
            new Reply("*3\r\n$3\r\nfoo\r\n:7\r\n$-1\r\n", RespReader.ARRAY, 7, 3, null),
            new Reply("*2\r\n*2\r\n+OK\r\n$1\r\nx\r\n*1\r\n*1\r\n:9\r\n", RespReader.ARRAY, 9, 2, null),
            new Reply("*2\r\n-ERR inside\r\n+OK\r\n", RespReader.ARRAY, 0, 2, null),
            new Reply("-ERR unknown command 'FOO'\r\n", RespReader.ERROR, 0, -1, "ERR unknown command 'FOO'"),
            new Reply("-MOVED 3999 127.0.0.1:6381\r\n", RespReader.ERROR, 0, -1, "MOVED 3999 127.0.0.1:6381"),
            new Reply("-ERR é ünïcode " + "x".repeat(200) + "\r\n", RespReader.ERROR, 0, -1,
                    "ERR é ünïcode " + "x".repeat(200)));

    private static byte[] all() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Reply r : REPLIES) {
            b.writeBytes(r.wire().getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    private static void readsEveryReply(RespReader reader, String how) throws IOException {
        for (Reply r : REPLIES) {
            String what = how + ": " + r.wire().replace("\r\n", "\\r\\n");
            assertThat(reader.read()).as(what).isEqualTo(r.kind());
            if (r.kind() == RespReader.INTEGER || r.wire().startsWith("*3") || r.wire().startsWith("*2\r\n*")) {
                assertThat(reader.integer()).as(what).isEqualTo(r.integer());
            }
            if (r.length() >= 0) {
                assertThat(reader.length()).as(what).isEqualTo(r.length());
            }
            if (r.kind() == RespReader.ERROR) {
                assertThat(reader.error()).as(what).isEqualTo(r.error());
            }
            if (r.wire().contains("-ERR inside")) {
                assertThat(reader.error()).as(what + ": an error inside an array is data").isNull();
            }
        }
        assertThatThrownBy(reader::read).as(how).isInstanceOf(EOFException.class);
    }

    @Test
    void reads_every_reply_type_in_one_piece() throws IOException {
        readsEveryReply(new RespReader(new ByteArrayInputStream(all())), "whole");
    }

    @Test
    void reads_every_reply_type_fed_byte_by_byte() throws IOException {
        byte[] bytes = all();
        readsEveryReply(new RespReader(new Pieces(bytes, everyByte(bytes.length))), "stream of 1-byte reads");
        readsEveryReply(new RespReader(new ByteArrayInputStream(bytes), 1), "1-byte buffer");
    }

    @Test
    void reads_every_reply_type_split_at_every_point() throws IOException {
        byte[] bytes = all();
        for (int at = 0; at <= bytes.length; at++) {
            readsEveryReply(new RespReader(new Pieces(bytes, List.of(at, bytes.length - at))), "split at " + at);
        }
        for (int size = 2; size <= 40; size++) {
            readsEveryReply(new RespReader(new ByteArrayInputStream(bytes), size), "buffer of " + size);
        }
    }

    @Test
    void each_reply_alone_split_at_every_point() throws IOException {
        for (Reply r : REPLIES) {
            byte[] bytes = r.wire().getBytes(StandardCharsets.UTF_8);
            for (int at = 0; at <= bytes.length; at++) {
                RespReader reader = new RespReader(new Pieces(bytes, List.of(at, bytes.length - at)));
                assertThat(reader.read()).as(r.wire() + " split at " + at).isEqualTo(r.kind());
                assertThatThrownBy(reader::read).isInstanceOf(EOFException.class);
            }
        }
    }

    @Test
    void a_truncated_reply_is_an_end_of_stream_not_a_reply() {
        for (String cut : List.of("+O", "$5\r\nhel", "*2\r\n:1\r\n", ":12", "-ERR half")) {
            RespReader reader = new RespReader(new ByteArrayInputStream(cut.getBytes(StandardCharsets.US_ASCII)));
            assertThatThrownBy(reader::read).as(cut).isInstanceOf(EOFException.class)
                    .hasMessage("the server closed the connection");
        }
    }

    @Test
    void a_stream_out_of_step_is_an_error_naming_the_byte() {
        RespReader reader = new RespReader(new ByteArrayInputStream("_\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(reader::read).isInstanceOf(IOException.class).hasMessageContaining("0x5f")
                .hasMessageContaining("out of step");
        RespReader bad = new RespReader(new ByteArrayInputStream("$x\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(bad::read).isInstanceOf(IOException.class).hasMessageContaining("malformed");
    }

    @Test
    void available_counts_buffered_bytes() throws IOException {
        RespReader reader = new RespReader(new Pieces("+OK\r\n:1\r\n".getBytes(StandardCharsets.US_ASCII), List.of(9)));
        assertThat(reader.read()).isEqualTo(RespReader.STATUS);
        assertThat(reader.available()).isEqualTo(4);
        assertThat(reader.read()).isEqualTo(RespReader.INTEGER);
        assertThat(reader.available()).isZero();
    }

    @Test
    void encodes_commands_as_resp_arrays_of_bulk_strings() throws IOException {
        RespEncoder e = new RespEncoder(4);
        e.raw(RespEncoder.prefix(5, "SET"));
        byte[] key = "xxuser:1yy".getBytes(StandardCharsets.US_ASCII);
        e.bulk(key, 2, 8);
        e.bulk(new byte[0]);
        e.raw(RespEncoder.command("EX").clone(), 4, 12); // "$2\r\nEX\r\n" without the array header
        e.bulk(3600);
        e.array(1);
        e.bulk(0);
        assertThat(new String(e.bytes(), 0, e.length(), StandardCharsets.US_ASCII)).isEqualTo(
                "*5\r\n$3\r\nSET\r\n$6\r\nuser:1\r\n$0\r\n\r\n$2\r\nEX\r\n$4\r\n3600\r\n*1\r\n$1\r\n0\r\n");
        assertThat(RespEncoder.command("ASKING")).isEqualTo("*1\r\n$6\r\nASKING\r\n".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = e.length();
        e.writeTo(out);
        assertThat(out.size()).isEqualTo(n);
        assertThat(e.length()).isZero();
    }

    @Test
    void the_buffer_is_reused_and_a_grown_one_can_be_dropped() {
        RespEncoder e = new RespEncoder(16);
        e.bulk(new byte[100]);
        byte[] grown = e.bytes();
        e.clear(1 << 20);
        assertThat(e.bytes()).isSameAs(grown);
        assertThat(e.length()).isZero();
        e.clear(16);
        assertThat(e.bytes()).hasSize(16);
    }

    @Test
    void digits_writes_decimal_numbers() {
        byte[] buf = new byte[24];
        for (long v : new long[] {0, 9, 10, 99, 100, 1234509, Long.MAX_VALUE}) {
            Arrays.fill(buf, (byte) 0);
            int n = RespEncoder.digits(v, buf, 3);
            assertThat(new String(buf, 3, n, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
        }
    }

    private static List<Integer> everyByte(int n) {
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sizes.add(1);
        }
        return sizes;
    }

    /** A stream that hands out its bytes in reads of the given sizes (a size of 0 is skipped). */
    private static final class Pieces extends InputStream {
        private final byte[] bytes;
        private final List<Integer> sizes;
        private int at;
        private int piece;

        Pieces(byte[] bytes, List<Integer> sizes) {
            this.bytes = bytes;
            this.sizes = new ArrayList<>(sizes);
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            while (piece < sizes.size() && sizes.get(piece) == 0) {
                piece++;
            }
            if (at >= bytes.length || piece >= sizes.size()) {
                return -1;
            }
            int n = Math.min(len, Math.min(sizes.get(piece), bytes.length - at));
            System.arraycopy(bytes, at, b, off, n);
            at += n;
            if (n == sizes.get(piece)) {
                piece++;
            } else {
                sizes.set(piece, sizes.get(piece) - n);
            }
            return n;
        }

        @Override
        public int available() {
            int left = bytes.length - at;
            return piece < sizes.size() ? Math.min(left, sizes.get(piece)) : 0;
        }
    }

    /** The claim the hot path rests on, measured: the thread's allocated bytes over 100,000 calls. */
    @Test
    void digits_are_written_in_place_without_allocating() {
        byte[] buf = new byte[20];
        int n = RespEncoder.digits(1234509, buf, 3);
        org.assertj.core.api.Assertions.assertThat(new String(buf, 3, n, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("1234509");
        org.assertj.core.api.Assertions.assertThat(RespEncoder.digits(0, buf, 0)).isEqualTo(1);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)
                java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (int i = 0; i < 100_000; i++) { // warm up: the JIT's own work is not the method's
            sum += RespEncoder.digits(i, buf, 0);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            sum += RespEncoder.digits(i * 7919L & Long.MAX_VALUE, buf, 0);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        org.assertj.core.api.Assertions.assertThat(sum).isPositive();
        // a String per call would be over 3 MB; what is left is the measuring call itself
        org.assertj.core.api.Assertions.assertThat(allocated).as("bytes allocated by 100,000 calls").isLessThan(4096);
    }
}
