# Sourced by install.sh, .ci/run and bench/lib.sh: sets JAVA_HOME to a JDK >= 21 or explains what to
# install. Order: $JAVA_HOME, then /usr/lib/jvm/* (newest first), then `java` on PATH.
jdk_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1; }
find_jdk() {
  local cand major
  for cand in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -rV) \
      "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$cand" ] && [ -x "$cand/bin/java" ] && [ -x "$cand/bin/javac" ] || continue
    major=$(jdk_major "$cand")
    if [ -n "$major" ] && [ "${major%%.*}" -ge 21 ] 2>/dev/null; then
      echo "$cand"
      return 0
    fi
  done
  return 1
}
if ! JAVA_HOME=$(find_jdk); then
  echo "dispatch: no JDK 21 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm/*, and java on PATH)." >&2
  echo "Install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+, or set JAVA_HOME to it." >&2
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME
# Maven's own Guice calls sun.misc.Unsafe, which JDK 24+ warns about on every build: allow it
# quietly there (the flag does not exist before JDK 23).
if [ "$(jdk_major "$JAVA_HOME" | cut -d. -f1)" -ge 24 ] 2>/dev/null; then
  case " ${MAVEN_OPTS:-} " in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}" ;; esac
fi
