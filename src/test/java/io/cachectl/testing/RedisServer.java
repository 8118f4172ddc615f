package io.cachectl.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A real {@code redis-server} process on a free loopback port, with its own temp dir (config, certs, log).
 * Build with {@link #builder()}, stop with {@link #close()} (kills by pid, deletes the dir). Servers still
 * running when the JVM exits are killed by a shutdown hook.
 */
public final class RedisServer implements AutoCloseable {

    /** Loopback address every server binds to. */
    public static final String HOST = "127.0.0.1";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_PORT_ATTEMPTS = 5;
    private static final int CLUSTER_BUS_OFFSET = 10000;
    private static final String INSTALL_HINT =
            "install it with `apt-get install -y redis-server redis-tools` (Debian; Valkey: valkey-server"
            + " valkey-tools from bookworm-backports), or run `scripts/setup-deps`";

    private static final Set<RedisServer> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> List.copyOf(RUNNING).forEach(RedisServer::stop), "redis-server-reaper"));
    }

    private final Path dir;
    private final int port;
    private final Process process;
    private final boolean tls;
    private final String password;
    private volatile SSLSocketFactory sslSocketFactory;
    private boolean stopped;

    private RedisServer(Path dir, int port, Process process, boolean tls, String password) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.tls = tls;
        this.password = password;
    }

    /** @return a new builder; call {@link Builder#start()} to launch the server. */
    public static Builder builder() {
        return new Builder();
    }

    /** @return always {@value #HOST}. */
    public String host() {
        return HOST;
    }

    /** @return the port clients connect to (the TLS port when {@link #isTls()}). */
    public int port() {
        return port;
    }

    /** @return the OS pid of the redis-server process. */
    public long pid() {
        return process.pid();
    }

    /** @return the server's private temp dir (deleted on stop). */
    public Path dir() {
        return dir;
    }

    /** @return whether the server accepts TLS connections only. */
    public boolean isTls() {
        return tls;
    }

    /** @return the {@code requirepass} password of the default user, or {@code null}. */
    public String password() {
        return password;
    }

    /** @return PEM file of the CA that signed the server certificate (TLS servers only). */
    public Path caCertPem() {
        if (!tls) {
            throw new IllegalStateException("not a TLS server");
        }
        return dir.resolve("ca.pem");
    }

    /** @return {@code redis://127.0.0.1:PORT} or {@code rediss://...} for TLS, without credentials. */
    public String url() {
        return scheme() + HOST + ":" + port;
    }

    /**
     * @param user ACL user name, or {@code null} for password-only auth ({@code redis://:pw@host:port})
     * @param password the password
     * @return the server URL with URL-encoded credentials
     */
    public String url(String user, String password) {
        String userInfo = (user == null ? "" : encode(user)) + ":" + encode(password);
        return scheme() + userInfo + "@" + HOST + ":" + port;
    }

    /**
     * @return a new connected Jedis (authenticated with {@code requirepass} if set, over TLS if
     *     {@link #isTls()}); the caller must close it
     */
    public Jedis jedis() {
        DefaultJedisClientConfig.Builder config = clientConfig();
        return new Jedis(new HostAndPort(HOST, port), (password == null ? config : config.password(password)).build());
    }

    /**
     * @return a Jedis client config builder preset for this server (timeouts, TLS trust, no CLIENT SETINFO),
     *     without credentials; handy for connecting as another user
     */
    public DefaultJedisClientConfig.Builder clientConfig() {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(2000)
                .socketTimeoutMillis(10000)
                .autoNegotiateProtocol(false) // RESP2, no HELLO; avoids Jedis' auto-negotiation warning
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        return tls ? b.ssl(true).sslSocketFactory(sslSocketFactory()) : b;
    }

    /**
     * Runs {@code redis-cli} against this server (TLS and password options added automatically).
     *
     * @param args the command and its arguments, e.g. {@code "DEBUG", "POPULATE", "1000"}
     * @return stdout of redis-cli
     * @throws IllegalStateException if redis-cli exits non-zero
     */
    public String cli(String... args) {
        List<String> cmd = new ArrayList<>(List.of(binary("redis-cli"), "-h", HOST, "-p", String.valueOf(port)));
        if (tls) {
            cmd.addAll(List.of("--tls", "--cacert", caCertPem().toString()));
        }
        if (password != null) {
            cmd.addAll(List.of("-a", password, "--no-auth-warning"));
        }
        cmd.addAll(Arrays.asList(args));
        return exec(cmd, dir);
    }

    /** Kills the process by pid (SIGTERM, then SIGKILL after 5 s) and deletes the temp dir. Idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        ProcessHandle.of(pid()).ifPresent(RedisServer::kill);
        RUNNING.remove(this);
        deleteRecursively(dir);
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "RedisServer[" + url() + ", pid=" + pid() + ", dir=" + dir + "]";
    }

    private String scheme() {
        return tls ? "rediss://" : "redis://";
    }

    private SSLSocketFactory sslSocketFactory() {
        if (sslSocketFactory == null) {
            try (InputStream in = Files.newInputStream(caCertPem())) {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                sslSocketFactory = ctx.getSocketFactory();
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot load CA " + caCertPem(), e);
            }
        }
        return sslSocketFactory;
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Configures and starts a {@link RedisServer}. */
    public static final class Builder {
        private final List<String> extraArgs = new ArrayList<>();
        private final List<String> aclArgs = new ArrayList<>();
        private String password;
        private boolean tls;
        private boolean cluster;
        private int fixedPort;

        private Builder() {
        }

        /** Adds raw redis-server arguments, e.g. {@code arg("--maxmemory", "2mb")}. */
        public Builder arg(String... args) {
            extraArgs.addAll(Arrays.asList(args));
            return this;
        }

        /** Listens on this port instead of a free one (e.g. to restart a stopped server at the same URL). */
        public Builder port(int port) {
            this.fixedPort = port;
            return this;
        }

        /** Sets {@code maxmemory}, e.g. {@code "10mb"}. */
        public Builder maxmemory(String maxmemory) {
            return arg("--maxmemory", maxmemory);
        }

        /** Sets {@code maxmemory-policy}, e.g. {@code "allkeys-lru"}. */
        public Builder policy(String policy) {
            return arg("--maxmemory-policy", policy);
        }

        /** Sets {@code requirepass} (password of the default user); also used as {@code masterauth}. */
        public Builder requirePass(String password) {
            this.password = password;
            return this;
        }

        /**
         * Adds an ACL user (may be called several times). The default user stays usable unless
         * {@link #requirePass(String)} is set.
         *
         * @param rules whitespace-separated ACL rules, e.g. {@code "~* &* +@all -config"}
         */
        public Builder aclUser(String name, String password, String rules) {
            aclArgs.addAll(List.of("--user", name, "on", ">" + password));
            aclArgs.addAll(Arrays.asList(rules.trim().split("\\s+")));
            return this;
        }

        /** TLS only: plain port disabled, CA + server cert (SAN IP:127.0.0.1, DNS:localhost) generated. */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /** Enables the {@code DEBUG} command (e.g. {@code DEBUG POPULATE}). */
        public Builder enableDebug() {
            return arg("--enable-debug-command", "yes");
        }

        /** Enables cluster mode (nodes.conf in the temp dir, node timeout 5 s); see {@link RedisCluster}. */
        public Builder clusterEnabled() {
            this.cluster = true;
            return this;
        }

        /** @return the password set with {@link #requirePass(String)}, or {@code null}. */
        public String password() {
            return password;
        }

        /**
         * Starts the server and waits (up to 10 s) until it answers PING.
         *
         * @throws IllegalStateException if redis-server is missing or does not come up (message has the log tail)
         */
        public RedisServer start() {
            if (tls && cluster) {
                throw new IllegalStateException("TLS cluster is not supported (each node has its own CA)");
            }
            String redisServer = binary("redis-server");
            Path dir = createTempDir();
            try {
                if (tls) {
                    generateCerts(dir);
                }
                for (int attempt = 1; ; attempt++) {
                    int port = fixedPort > 0 ? fixedPort : freePort(cluster);
                    Process process = launch(redisServer, dir, port);
                    RedisServer server = new RedisServer(dir, port, process, tls, password);
                    RUNNING.add(server);
                    try {
                        awaitReady(server);
                        return server;
                    } catch (IllegalStateException e) {
                        ProcessHandle.of(server.pid()).ifPresent(RedisServer::kill);
                        RUNNING.remove(server);
                        boolean portTaken = e.getMessage().contains("Address already in use");
                        if (!portTaken || attempt == MAX_PORT_ATTEMPTS || fixedPort > 0) {
                            throw e;
                        }
                    }
                }
            } catch (RuntimeException e) {
                deleteRecursively(dir);
                throw e;
            }
        }

        private Process launch(String redisServer, Path dir, int port) {
            List<String> cmd = new ArrayList<>(List.of(redisServer,
                    "--bind", HOST, "--save", "", "--appendonly", "no", "--daemonize", "no",
                    "--dir", dir.toString(), "--logfile", dir.resolve("redis.log").toString()));
            if (tls) {
                cmd.addAll(List.of("--port", "0", "--tls-port", String.valueOf(port),
                        "--tls-cert-file", dir.resolve("server.pem").toString(),
                        "--tls-key-file", dir.resolve("server.key").toString(),
                        "--tls-ca-cert-file", dir.resolve("ca.pem").toString(),
                        "--tls-auth-clients", "no"));
            } else {
                cmd.addAll(List.of("--port", String.valueOf(port)));
            }
            if (cluster) {
                cmd.addAll(List.of("--cluster-enabled", "yes",
                        "--cluster-config-file", dir.resolve("nodes.conf").toString(),
                        "--cluster-node-timeout", "5000",
                        "--repl-diskless-sync-delay", "0"));
            }
            if (password != null) {
                cmd.addAll(List.of("--requirepass", password, "--masterauth", password));
            }
            cmd.addAll(aclArgs);
            cmd.addAll(extraArgs);
            try {
                Files.deleteIfExists(dir.resolve("redis.log")); // a retry must not see the previous attempt's log

                return new ProcessBuilder(cmd).directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("stdout.log").toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + cmd, e);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void awaitReady(RedisServer server) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!server.process.isAlive()) {
                throw notReady(server, "redis-server exited with code " + server.process.exitValue(), null);
            }
            try (Jedis jedis = server.jedis()) {
                if ("PONG".equals(jedis.ping())) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            sleep(50);
        }
        throw notReady(server, "redis-server not ready after " + READY_TIMEOUT.toSeconds() + " s", last);
    }

    private static IllegalStateException notReady(RedisServer server, String what, Exception cause) {
        return new IllegalStateException(what + " (port " + server.port + ", dir " + server.dir + ")\n"
                + "--- redis.log (tail) ---\n" + tail(server.dir.resolve("redis.log"))
                + "--- stdout/stderr (tail) ---\n" + tail(server.dir.resolve("stdout.log")), cause);
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())) + "\n";
        } catch (IOException e) {
            return "(" + file.getFileName() + " not readable: " + e.getMessage() + ")\n";
        }
    }

    /** Free port; for cluster nodes the bus port (port + 10000) must be free and valid too. */
    private static int freePort(boolean withBus) {
        for (int i = 0; i < 100; i++) {
            int port = bindAndRelease(0);
            if (!withBus || (port + CLUSTER_BUS_OFFSET <= 65535 && bindAndRelease(port + CLUSTER_BUS_OFFSET) > 0)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port found");
    }

    private static int bindAndRelease(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void generateCerts(Path dir) {
        try {
            Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String openssl = binary("openssl");
        exec(List.of(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=cachectl-test-ca", "-keyout", "ca.key", "-out", "ca.pem"), dir);
        exec(List.of(openssl, "req", "-newkey", "rsa:2048", "-nodes",
                "-subj", "/CN=localhost", "-keyout", "server.key", "-out", "server.csr"), dir);
        exec(List.of(openssl, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-days", "1", "-extfile", "san.ext", "-out", "server.pem"), dir);
    }

    /** Runs a command in {@code workDir}; returns stdout, or throws with stderr on non-zero exit / timeout. */
    static String exec(List<String> cmd, Path workDir) {
        try {
            Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            if (!p.waitFor(EXEC_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out after " + EXEC_TIMEOUT.toSeconds() + " s: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("exit code " + p.exitValue() + ": " + cmd + "\nstdout: " + out.join()
                        + "\nstderr: " + err.join());
            }
            return out.join();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + cmd, e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The server flavour the suite runs against: {@code redis} (default) or {@code valkey}, from the
     * system property {@code cachectl.server} or the environment variable {@code CACHECTL_TEST_SERVER}.
     * {@code scripts/test} runs the whole suite once per flavour.
     */
    public static String flavour() {
        String f = System.getProperty("cachectl.server", System.getenv().getOrDefault("CACHECTL_TEST_SERVER", "redis"));
        f = f.isBlank() ? "redis" : f.trim().toLowerCase(java.util.Locale.ROOT);
        if (!f.equals("redis") && !f.equals("valkey")) {
            throw new IllegalStateException("cachectl.server=" + f + ": expected redis or valkey");
        }
        return f;
    }

    /** Whether the suite runs against Valkey ({@link #flavour()}). */
    public static boolean isValkey() {
        return flavour().equals("valkey");
    }

    /**
     * Locates an executable on PATH, falling back to /usr/bin. The Redis binaries ({@code redis-server},
     * {@code redis-cli}, {@code redis-benchmark}) are swapped for Valkey's when {@link #flavour()} is valkey.
     */
    static String binary(String wanted) {
        String name = isValkey() && wanted.startsWith("redis-") ? "valkey-" + wanted.substring("redis-".length()) : wanted;
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Arrays.stream(path.split(File.pathSeparator)), Stream.of("/usr/bin"))
                .filter(d -> !d.isEmpty())
                .map(d -> Paths.get(d, name))
                .filter(Files::isExecutable)
                .findFirst()
                .map(Path::toString)
                .orElseThrow(() -> new IllegalStateException(name + " not found on PATH: "
                        + (name.equals("openssl") ? "install it with `apt-get install -y openssl`" : INSTALL_HINT)));
    }

    private static void kill(ProcessHandle handle) {
        handle.destroy();
        try {
            handle.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            handle.destroyForcibly();
            handle.onExit().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.destroyForcibly();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("cachectl-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: the OS cleans the temp dir eventually
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
