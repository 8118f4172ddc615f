package io.cachectl.connect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Parses CLUSTER NODES into primaries (with their slots) and replicas; failed nodes are left out. */
final class ClusterNodes {
    private ClusterNodes() {
    }

    static List<Node> parse(String reply, String seedHost) {
        List<Node> nodes = new ArrayList<>();
        for (String line : reply.split("\r?\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 8) {
                continue;
            }
            String flags = f[2];
            if (flags.contains("fail") && !flags.contains("fail?") || flags.contains("noaddr")
                    || flags.contains("handshake")) {
                continue;
            }
            String addr = f[1];
            String hostname = null;
            int comma = addr.indexOf(',');
            if (comma >= 0) {
                hostname = addr.substring(comma + 1);
                addr = addr.substring(0, comma);
            }
            int at = addr.indexOf('@');
            if (at >= 0) {
                addr = addr.substring(0, at);
            }
            int colon = addr.lastIndexOf(':');
            String host = addr.substring(0, colon);
            int port = Integer.parseInt(addr.substring(colon + 1));
            if (hostname != null && !hostname.isEmpty()) {
                host = hostname;
            } else if (host.isEmpty()) {
                host = seedHost;
            }
            boolean primary = flags.contains("master");
            List<int[]> slots = new ArrayList<>();
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue; // migrating/importing markers
                }
                int dash = f[i].indexOf('-');
                int from = Integer.parseInt(dash < 0 ? f[i] : f[i].substring(0, dash));
                int to = dash < 0 ? from : Integer.parseInt(f[i].substring(dash + 1));
                slots.add(new int[] {from, to});
            }
            if (primary && slots.isEmpty()) {
                continue; // a primary without slots holds no data
            }
            nodes.add(new Node(host, port, primary ? Node.Role.PRIMARY : Node.Role.REPLICA, f[0],
                    "-".equals(f[3]) ? null : f[3], List.copyOf(slots)));
        }
        nodes.sort(Comparator.comparing((Node n) -> !n.isPrimary())
                .thenComparing(n -> n.slots().isEmpty() ? Integer.MAX_VALUE : n.slots().get(0)[0])
                .thenComparing(Node::address));
        return nodes;
    }
}
