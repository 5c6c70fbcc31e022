package dev.dispatch.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The operator token: 256 random bits in {@code operator.token} (mode 0600, in the state dir), read
 * by the user's CLI/TUI. Any process of the same user can read it; it stops confusion and accidents,
 * while the socket's 0700 directory and the Host/Origin checks stop other users and browsers.
 */
public final class OperatorToken {
    private OperatorToken() {}

    /** The existing token, or a new one written with mode 0600 if there is none. */
    public static String ensure(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String existing = Files.readString(file).strip();
            if (existing.length() >= 32) return existing;
        }
        Files.createDirectories(file.getParent());
        byte[] bits = new byte[32];
        new SecureRandom().nextBytes(bits);
        String token = HexFormat.of().formatHex(bits);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, token + "\n");
        Files.move(
                tmp,
                file,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return token;
    }
}
