package io.cachectl.connect;

import java.util.List;

/**
 * One server of the target. In a cluster: its id, its primary's id (replicas) and the slot ranges
 * it serves (primaries).
 */
public record Node(String host, int port, Role role, String id, String primaryId, List<int[]> slots) {
    public enum Role { PRIMARY, REPLICA }

    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    public boolean isPrimary() {
        return role == Role.PRIMARY;
    }

    public boolean servesSlot(int slot) {
        for (int[] range : slots) {
            if (slot >= range[0] && slot <= range[1]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return address();
    }

    // Written out (same semantics as the generated ones): a record's generated equals/hashCode bootstrap
    // through invokedynamic, which spins ~100 method-handle classes (~30 ms) at first use — and nodes are
    // map keys in every command.
    @Override
    public boolean equals(Object o) {
        return o instanceof Node n && port == n.port && host.equals(n.host) && role == n.role
                && java.util.Objects.equals(id, n.id) && java.util.Objects.equals(primaryId, n.primaryId)
                && java.util.Objects.equals(slots, n.slots);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(host, port, role, id, primaryId, slots);
    }
}
