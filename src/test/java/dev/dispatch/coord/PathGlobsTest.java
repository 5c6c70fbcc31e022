package dev.dispatch.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.protocol.EngineException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathGlobsTest {
    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource({
        "src/**, src/*.java",
        "src/**, src",
        "src/**, src/a/b/c.txt",
        "**/*.md, docs/a.md",
        "**/*.md, a.md",
        "**, anything/at/all",
        "docs/a.md, docs/a.md",
        "./docs//a.md, docs/a.md",
        "src/*.java, src/Main.*",
        "src/?.java, src/a.*",
        "src/a*b, src/*c*",
        "src/**/test/*.java, src/main/**",
        "**/test/**, src/**/*.java",
        "a/**/b/**/c, a/x/b/y/b/z/c",
        "*.md, README*",
        "src/[ab].java, src/a.java",
        "'src/{a,b}.java', src/c.java",
        "'{a/b,c}', c",
        "'src/{a,b}/x', src/d/e/x",
        "db:prod, db:prod",
        "src/a**b, src/axyzb",
        "src/**/*.java, src/Foo.java"
    })
    void overlapping(String a, String b) {
        assertThat(PathGlobs.overlap(a, b)).isTrue();
        assertThat(PathGlobs.overlap(b, a)).as("overlap is symmetric").isTrue();
    }

    @ParameterizedTest(name = "{0} !~ {1}")
    @CsvSource({
        "src/*.java, docs/a.md",
        "src/*.java, src/a/b.java",
        "docs/a.md, docs/b.md",
        "**/*.md, src/Main.java",
        "src/*.java, src/*.md",
        "src/?.java, src/ab.java",
        "src/**/*.md, docs/**",
        "db:prod, db:staging",
        "a/*/c, a/b/d",
        "*.java, src/*.java",
        "src, src/a",
        "**/*.md, **/*.txt",
        "x*y, *z"
    })
    void disjoint(String a, String b) {
        assertThat(PathGlobs.overlap(a, b)).isFalse();
        assertThat(PathGlobs.overlap(b, a)).as("overlap is symmetric").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "src/../../x", "src\\main", "", " ", "a\u0000b", "tab\there"})
    void badPatternsAreRefusedWithTheirName(String pattern) {
        assertThatThrownBy(() -> PathGlobs.validate(pattern))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("pattern");
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({"*, '', true", "a*, b*, false", "*a, *b, false", "a?c, ?b?, true", "abc, a*c, true", "ab, a?c, false"})
    void segments(String p, String q, boolean expected) {
        assertThat(PathGlobs.segmentsOverlap(p, q)).isEqualTo(expected);
    }
}
