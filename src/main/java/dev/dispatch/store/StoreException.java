package dev.dispatch.store;

/** The store could not do what was asked; the message is meant for a user. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
