package io.cachectl.scan;

import io.cachectl.connect.Node;
import java.util.List;

/**
 * Receives the keys of one SCAN batch with the node they live on. Called from one thread per node,
 * so batches of different nodes may arrive concurrently: implementations must be thread-safe. Keys
 * that vanished or changed type before being probed are already removed (and counted). Throwing
 * stops the whole scan; the summary then carries the error and the cursors to resume from.
 */
@FunctionalInterface
public interface BatchConsumer {
    void accept(Node node, List<KeyInfo> batch);
}
