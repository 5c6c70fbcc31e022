package dev.dispatch.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JNI socket's edges, against a real Unix-socket server: a peer that went away is an
 * {@link IOException} (not a SIGPIPE that ends the JVM), a closed socket refuses reads and writes and
 * closes twice safely, end of stream reads as -1, and a library that does not load leaves the JDK's
 * channel in charge. {@link UnixHttpTest} covers the HTTP exchanges over it.
 */
// a lost byte would leave both ends waiting; a native read ignores interrupts, so the limit runs on its own thread
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NativeSocketTest {
    private Path dir;
    private ServerSocketChannel server;

    @BeforeEach
    void listen() throws IOException {
        assertThat(NativeSocket.load(NativeBuild.library())).isTrue();
        dir = Files.createTempDirectory(Path.of("/tmp"), "ns-");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("s.sock")));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        Files.deleteIfExists(dir.resolve("s.sock"));
        Files.deleteIfExists(dir);
    }

    @Test
    void bytesCrossBothWaysAndTheEndOfStreamReadsAsMinusOne() throws IOException {
        try (NativeSocket s = NativeSocket.connect(dir.resolve("s.sock"));
                SocketChannel peer = server.accept()) {
            s.out().write(new byte[] {1, 2, 3});
            ByteBuffer got = ByteBuffer.allocate(3);
            while (got.hasRemaining()) peer.read(got);
            assertThat(got.array()).containsExactly(1, 2, 3);
            peer.write(ByteBuffer.wrap(new byte[] {9}));
            assertThat(s.in().read()).isEqualTo(9);
            peer.close();
            assertThat(s.in().read()).isEqualTo(-1);
            assertThat(s.in().read(new byte[4], 0, 4)).isEqualTo(-1);
        }
    }

    @Test
    void writingToAPeerThatWentAwayIsAnIOExceptionAndTheJvmLivesOn() throws IOException {
        try (NativeSocket s = NativeSocket.connect(dir.resolve("s.sock"))) {
            server.accept().close();
            byte[] chunk = new byte[64 * 1024];
            // the first write may still land in the socket's buffer; a later one meets the closed peer
            assertThatThrownBy(() -> {
                        for (int i = 0; i < 100; i++) s.out().write(chunk);
                    })
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot write to " + dir.resolve("s.sock"))
                    .hasMessageMatching(".*(Broken pipe|Connection reset by peer).*");
        }
    }

    @Test
    void aClosedSocketRefusesReadsAndWritesAndClosesTwiceSafely() throws IOException {
        NativeSocket s = NativeSocket.connect(dir.resolve("s.sock"));
        s.close();
        s.close();
        assertThatThrownBy(() -> s.in().read()).isInstanceOf(IOException.class).hasMessageContaining("is closed");
        assertThatThrownBy(() -> s.out().write(1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is closed");
    }

    @Test
    void aSocketPathTooLongForTheSystemIsAClearIOException() {
        Path long_ = dir.resolve("x".repeat(120) + ".sock");
        assertThatThrownBy(() -> NativeSocket.connect(long_))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot connect to " + long_)
                .hasMessageContaining("name too long");
    }

    @Test
    void badArgumentsAreRefusedBeforeTheNativeCall() throws IOException {
        try (NativeSocket s = NativeSocket.connect(dir.resolve("s.sock"))) {
            assertThatThrownBy(() -> s.in().read(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> s.out().write(new byte[4], -1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
