package io.cachectl.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server in its own network namespace, reached from the test over a veth pair on private
 * test addresses (10.231.N.1 on the host side, 10.231.N.2 inside), so {@code tc netem} can delay,
 * drop or black-hole its traffic without touching anything else. Needs root and iproute2;
 * {@link #unavailable()} says why not when it cannot be built. Everything is removed on close.
 */
public final class NetNs implements AutoCloseable {
    private final String ns;
    private final String hostIf;
    private final String hostIp;
    private final String nsIp;
    private final Path dir;
    private Process server;
    private final int port = 6379;

    private NetNs(String ns, String hostIf, String hostIp, String nsIp, Path dir) {
        this.ns = ns;
        this.hostIf = hostIf;
        this.hostIp = hostIp;
        this.nsIp = nsIp;
        this.dir = dir;
    }

    /** Null when namespaces can be made here, else the reason (for the skip message). */
    public static String unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "network-fault tests need root (ip netns, tc netem)";
        }
        String probe = "cachectl-probe-" + ProcessHandle.current().pid();
        try {
            run("ip", "netns", "add", probe);
            run("ip", "netns", "del", probe);
        } catch (RuntimeException e) {
            return "cannot create a network namespace here: " + e.getMessage();
        }
        try {
            run("tc", "-V");
        } catch (RuntimeException e) {
            return "tc (iproute2) is not installed";
        }
        return null;
    }

    /** Creates the namespace and the veth pair, and starts redis-server (or valkey-server) inside. */
    public static NetNs start() {
        long pid = ProcessHandle.current().pid();
        int n = (int) (pid % 200) + 20;
        String ns = "cachectl-" + pid;
        String hostIf = "vc" + pid + "h";
        String nsIf = "vc" + pid + "n";
        NetNs net = null;
        try {
            Path dir = Files.createTempDirectory("cachectl-netns-");
            net = new NetNs(ns, hostIf, "10.231." + n + ".1", "10.231." + n + ".2", dir);
            run("ip", "netns", "add", ns);
            run("ip", "link", "add", hostIf, "type", "veth", "peer", "name", nsIf);
            run("ip", "link", "set", nsIf, "netns", ns);
            run("ip", "addr", "add", net.hostIp + "/30", "dev", hostIf);
            run("ip", "link", "set", hostIf, "up");
            run("ip", "netns", "exec", ns, "ip", "addr", "add", net.nsIp + "/30", "dev", nsIf);
            run("ip", "netns", "exec", ns, "ip", "link", "set", nsIf, "up");
            run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
            net.startServer();
            return net;
        } catch (IOException | RuntimeException e) {
            if (net != null) {
                net.close();
            }
            throw new IllegalStateException("cannot set up the network namespace: " + e.getMessage(), e);
        }
    }

    private void startServer() throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, RedisServer.binary("redis-server"),
                "--bind", nsIp, "--port", String.valueOf(port), "--save", "", "--appendonly", "no",
                "--protected-mode", "no", "--dir", dir.toString(), "--enable-debug-command", "yes"));
        server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile())
                .start();
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(nsIp, port), 200);
                return;
            } catch (IOException e) {
                RedisServer.sleep(50);
            }
        }
        throw new IOException("the server in the namespace did not start: "
                + Files.readString(dir.resolve("server.log"), StandardCharsets.UTF_8));
    }

    public String url() {
        return "redis://" + nsIp + ":" + port;
    }

    public String host() {
        return nsIp;
    }

    public int port() {
        return port;
    }

    /** A Jedis on the control path: call before adding faults, or expect them. */
    public redis.clients.jedis.Jedis jedis() {
        return new redis.clients.jedis.Jedis(nsIp, port, 5000);
    }

    /** Replaces the host side's egress qdisc with {@code netem ARGS} (e.g. "delay", "20ms"; "loss", "100%"). */
    public void netem(String... args) {
        List<String> cmd = new ArrayList<>(List.of("tc", "qdisc", "replace", "dev", hostIf, "root", "netem"));
        cmd.addAll(List.of(args));
        run(cmd.toArray(String[]::new));
    }

    /** Null when {@code tc netem} works here (the kernel has sch_netem), else why not. */
    public String netemUnavailable() {
        try {
            netem("delay", "1ms");
            clear();
            return null;
        } catch (RuntimeException e) {
            return "tc netem is not available in this kernel (" + e.getMessage().replaceFirst("^.*?: ", "") + ")";
        }
    }

    /**
     * Drops {@code percent} % of the packets both ways, at random: with {@code tc netem loss} where the
     * kernel has sch_netem, else with an nftables rule inside the namespace ({@code numgen random}),
     * which needs only nf_tables (the {@code nftables} package; scripts/setup-deps installs it).
     */
    public void loss(int percent) {
        if (netemUnavailable() == null) {
            netem("loss", percent + "%");
            return;
        }
        run("ip", "netns", "exec", ns, "nft", "add", "table", "inet", "cachectl_loss");
        for (String hook : List.of("input", "output")) {
            run("ip", "netns", "exec", ns, "nft", "add", "chain", "inet", "cachectl_loss", hook,
                    "{ type filter hook " + hook + " priority 0; }");
            run("ip", "netns", "exec", ns, "nft", "add", "rule", "inet", "cachectl_loss", hook,
                    "numgen", "random", "mod", "100", "<", String.valueOf(percent), "drop");
        }
    }

    /** Null when {@link #loss} can drop packets here (tc netem or nft), else why not. */
    public String lossUnavailable() {
        if (netemUnavailable() == null) {
            return null;
        }
        try {
            run("ip", "netns", "exec", ns, "nft", "list", "tables");
            return null;
        } catch (RuntimeException e) {
            return "neither tc netem (no sch_netem in this kernel) nor nft (install nftables) can drop packets here";
        }
    }

    /**
     * Drops every packet from the server back to the host, silently (a blackhole route inside the
     * namespace: no RST, no ICMP): new connections and connections in use both just stop answering.
     * Needs no netem.
     */
    public void blackhole() {
        run("ip", "netns", "exec", ns, "ip", "route", "replace", "blackhole", hostIp + "/32");
    }

    /** Removes any netem fault and the black hole. */
    public void clear() {
        try {
            run("tc", "qdisc", "del", "dev", hostIf, "root");
        } catch (RuntimeException ignored) {
            // none set
        }
        try {
            run("ip", "netns", "exec", ns, "ip", "route", "del", "blackhole", hostIp + "/32");
        } catch (RuntimeException ignored) {
            // none set
        }
        try {
            run("ip", "netns", "exec", ns, "nft", "delete", "table", "inet", "cachectl_loss");
        } catch (RuntimeException ignored) {
            // none set, or no nft
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.destroyForcibly();
            try {
                server.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            run("ip", "link", "del", hostIf);
        } catch (RuntimeException ignored) {
            // already gone with the namespace
        }
        try {
            run("ip", "netns", "del", ns);
        } catch (RuntimeException ignored) {
            // not created
        }
        try {
            if (dir != null) {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException ignored) {
            // temp dir
        }
    }

    static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + ": " + out.trim());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
