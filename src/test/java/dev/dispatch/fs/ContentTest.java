package dev.dispatch.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentTest {
    @TempDir
    Path tmp;

    @Test
    void textIncludingMultiByteUtf8IsText() throws Exception {
        Path file = Files.writeString(tmp.resolve("t.txt"), "héllo → wörld\n");
        assertThat(Content.isBinary(file)).isFalse();
    }

    @Test
    void nulByteMeansBinary() throws Exception {
        Path file = Files.write(tmp.resolve("b.bin"), new byte[] {'a', 0, 'b'});
        assertThat(Content.isBinary(file)).isTrue();
    }

    @Test
    void invalidUtf8MeansBinary() throws Exception {
        Path file = Files.write(tmp.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
        assertThat(Content.isBinary(file)).isTrue();
    }

    @Test
    void aCharacterSplitAtTheSniffWindowIsNotBinary() throws Exception {
        byte[] bytes = new byte[Content.SNIFF_BYTES + 10];
        Arrays.fill(bytes, (byte) 'a');
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(euro, 0, bytes, Content.SNIFF_BYTES - 1, euro.length);
        Path file = Files.write(tmp.resolve("split.txt"), bytes);
        assertThat(Content.isBinary(file)).isFalse();
        // the same truncated character at the real end of a file is invalid
        assertThat(Content.isBinary(Arrays.copyOf(bytes, Content.SNIFF_BYTES), Content.SNIFF_BYTES))
                .isTrue();
    }
}
