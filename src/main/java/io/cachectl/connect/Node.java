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
}
