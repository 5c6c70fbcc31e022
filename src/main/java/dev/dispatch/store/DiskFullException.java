package dev.dispatch.store;

import java.nio.file.Path;

/**
 * A write could not reach the disk because the device (or the user's quota) is full. Nothing of the
 * failed write was committed; the store reopens by itself once a write succeeds again.
 */
public final class DiskFullException extends StoreException {
    DiskFullException(Path dir, Throwable cause) {
        super("store write failed: no space left on device at " + dir + "; free space and retry", cause);
    }
}
