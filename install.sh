#!/usr/bin/env bash
# Builds Dispatch and installs it under PREFIX (default ~/.local):
#   PREFIX/bin/dispatch                                  launcher
#   PREFIX/share/dispatch/dispatch.jar                   the program
#   PREFIX/share/dispatch/dispatch-{plain,command,lane,session,run,runlane}.aot   JDK 25 AOT caches, picked per command
#   PREFIX/share/dispatch/libdispatch-socket.so          the one-shots' Unix socket (JNI; built when cc is there)
#   PREFIX/share/man/man1/dispatch.1                     man page
#   PREFIX/share/bash-completion/completions/dispatch    bash completion
#   PREFIX/share/zsh/site-functions/_dispatch            zsh completion
# Usage: ./install.sh [--prefix DIR] [--uninstall] [--no-build]   (CC=… picks the C compiler, default cc)
# Idempotent: running it again replaces the installed files.
set -euo pipefail
cd "$(dirname "$0")"

PREFIX=${PREFIX:-$HOME/.local}
action=install
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX=${2:?--prefix needs a directory}; shift ;;
    --prefix=*) PREFIX=${1#--prefix=} ;;
    --uninstall) action=uninstall ;;
    --no-build) build=0 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done
PREFIX=$(mkdir -p "$PREFIX" && cd "$PREFIX" && pwd)
SHARE="$PREFIX/share/dispatch"
files=("$PREFIX/bin/dispatch" "$SHARE/dispatch.jar" "$SHARE/dispatch-plain.aot" "$SHARE/dispatch-plain.aot.stamp"
  "$SHARE/dispatch-command.aot" "$SHARE/dispatch-command.aot.stamp" "$SHARE/dispatch-session.aot"
  "$SHARE/dispatch-session.aot.stamp" "$SHARE/dispatch-run.aot" "$SHARE/dispatch-run.aot.stamp" "$SHARE/dispatch-lane.aot"
  "$SHARE/dispatch-lane.aot.stamp" "$SHARE/dispatch-runlane.aot" "$SHARE/dispatch-runlane.aot.stamp" "$SHARE/dispatch.aot" "$SHARE/dispatch.aot.stamp" "$SHARE/libdispatch-socket.so"
  "$PREFIX/share/man/man1/dispatch.1" "$PREFIX/share/bash-completion/completions/dispatch"
  "$PREFIX/share/zsh/site-functions/_dispatch")
files+=("$SHARE/dispatch-workbench.aot" "$SHARE/dispatch-workbench.aot.stamp" "$SHARE/dispatch-chat.aot" "$SHARE/dispatch-chat.aot.stamp")

if [ "$action" = uninstall ]; then
  for f in "${files[@]}"; do
    [ -e "$f" ] && rm -f "$f" && echo "removed $f"
  done
  rmdir "$SHARE" 2>/dev/null || true
  echo "Dispatch uninstalled from $PREFIX (your data, config and state directories were left alone)."
  exit 0
fi

# 1) A JDK >= 21 (JAVA_HOME, then /usr/lib/jvm/*, then java on PATH), or a clear message.
. .ci/find-jdk.sh
major=$(jdk_major "$JAVA_HOME")
echo "Using JDK $major at $JAVA_HOME"

# 2) Build the jar (tests are the other README command).
if [ "$build" = 1 ] || [ ! -f target/dispatch.jar ]; then
  echo "Building (./mvnw package, tests skipped)…"
  ./mvnw -B -q -DskipTests package
fi

# 3) Copy the pieces.
install -d -m 0755 "$PREFIX/bin" "$SHARE" "$PREFIX/share/man/man1" \
  "$PREFIX/share/bash-completion/completions" "$PREFIX/share/zsh/site-functions"
install -m 0644 target/dispatch.jar "$SHARE/dispatch.jar"
install -m 0644 man/dispatch.1 "$PREFIX/share/man/man1/dispatch.1"
install -m 0644 completions/dispatch.bash "$PREFIX/share/bash-completion/completions/dispatch"
install -m 0644 completions/_dispatch "$PREFIX/share/zsh/site-functions/_dispatch"

# 3b) The one-shots' Unix socket library (src/main/c/dispatch_socket.c, client/NativeSocket.java): the JDK's
#     first Unix socket costs a one-shot ~15 ms of security set-up, this ~1 ms. Optional: without a C
#     compiler the client uses the JDK's socket and only starts slower.
native_lib="$SHARE/libdispatch-socket.so"
native_args=() native_built=
rm -f "$native_lib"
if [ -d "$JAVA_HOME/include/linux" ] && command -v "${CC:-cc}" >/dev/null \
    && "${CC:-cc}" -O2 -Wall -Werror -shared -fPIC -I"$JAVA_HOME/include" -I"$JAVA_HOME/include/linux" \
      -o "$native_lib.tmp" src/main/c/dispatch_socket.c 2>"$SHARE/cc.log"; then
  mv -f "$native_lib.tmp" "$native_lib"
  native_args=(--enable-native-access=ALL-UNNAMED "-Ddispatch.native=$native_lib") native_built=1
  rm -f "$SHARE/cc.log"
else
  echo "No native socket library (needs a C compiler and JDK headers on Linux): one-shots use the JDK's Unix socket, ~15 ms slower." >&2
  [ -s "$SHARE/cc.log" ] && tail -n 5 "$SHARE/cc.log" >&2
  rm -f "$native_lib.tmp" "$SHARE/cc.log"
fi

lane_flags="-XX:CompileThresholdScaling=10 -Djdk.reflect.useNativeAccessorOnly=true" # the launcher's, below
# An attached run's heap (cli/RunLane): it holds a few events at a time, so a small young generation keeps
# its RSS down (the JVM would otherwise size eden from the machine's RAM and touch it all before a first GC).
runlane_flags="-XX:TieredStopAtLevel=1 $lane_flags -Xms8m -Xmn4m -Xmx256m"

# 4) The launcher: POSIX sh and shell builtins only (bash and a `stat` per start cost a one-shot ~5 ms).
#    One-shot commands use the C1 compiler and SerialGC (start fast, exit soon); long-lived faces (TUI,
#    chat, run, daemon) keep the full JIT. A JDK 25 AOT cache loads every class it holds at start-up, so
#    there are eight: "plain" for the root's own work (--version, help) and completion, "lane" for a
#    coordination one-shot (text or --json) while the runtime dir has an owner's socket (cli/SocketLane: no
#    picocli, no Jackson), "runlane" for a `run` while an owner serves that socket (cli/RunLane: attached,
#    no picocli, no Jackson, no engine; C1, a small heap), "run" for a `run` hosting its engine (cli/RunLane
#    without an owner: trained on real agent runs, new and existing data dir, without picocli; the engine,
#    H2, the provider client, the session's socket but not Jetty, which starts at a first connection),
#    "workbench" and "chat" for those faces (trained by driving them on a pseudo-terminal), "session" for
#    the faces where those could not be trained and for what RunLane leaves to picocli,
#    "command" for everything else. A cache is passed only when it is newer than the jar and was trained
#    with this JVM: a stale cache silently loses the gain.
cat > "$PREFIX/bin/dispatch.tmp" <<LAUNCHER
#!/bin/sh
# Dispatch launcher, written by install.sh. Re-run install.sh after moving the JDK.
java="\${DISPATCH_JAVA:-$JAVA_HOME/bin/java}"
share="$SHARE"
jar="\$share/dispatch.jar"
# 1 when install.sh built the one-shots' Unix socket library (client/NativeSocket.java)
native=$native_built
# One-shots: C1 only; long-lived faces keep the full JIT.
flags=-XX:TieredStopAtLevel=1
lane_flags="$lane_flags"
runlane_flags="$runlane_flags"
case "\${1:-}" in
  ""|chat|run|daemon) flags= ;;
esac
served() { # an owner's socket in the runtime dir, as config/Dirs.java finds it
  if [ -n "\${DISPATCH_HOME:-}" ]; then run="\$DISPATCH_HOME/run"
  elif [ -n "\${XDG_RUNTIME_DIR:-}" ]; then run="\$XDG_RUNTIME_DIR/dispatch"
  else run="/tmp/dispatch-\${USER:-user}"; fi
  [ -S "\$run/dispatch.sock" ]
}
# the workbench's own options open it too: the full JIT (a long-lived face)
case "\${1:-}" in --continue|--resume|--resume=*|--no-serve) flags= ;; esac
case "\${1:-}" in
  ""|--continue|--resume|--resume=*|--no-serve) kind=workbench ;; # trained by driving the workbench on a pty
  chat) kind=chat ;; # trained by driving chat on a pty
  -*|completion) kind=plain ;;
  run)
    kind=runlane # but not what RunLane leaves to picocli: help, @files, --no-serve
    for a in "\$@"; do case "\$a" in -h|--help|-V|--version|@*|--no-serve) kind=session ;; esac; done
    if [ \$kind = runlane ] && served; then flags="\$runlane_flags"; else kind=run; fi ;;
  task|agent|stats|msg|kb)
    kind=lane # but not what SocketLane leaves to picocli: other subcommands, help, @files
    case "\$1 \${2:-}" in "msg send"|"kb write"|"kb read"|"kb search") kind=command ;; esac
    for a in "\$@"; do case "\$a" in -h|--help|-V|--version|@*) kind=command ;; esac; done
    [ \$kind = lane ] && ! served && kind=command
    # The lane's run is short: compiling less saves more than it costs (-XX:CompileThresholdScaling=1 is
    # ~6 ms slower). It reads each op record once: the JDK's native accessor saves the method-handle
    # accessor's bytecode generation (~2.5 ms; JEP 416's switch).
    [ \$kind = lane ] && flags="\$flags \$lane_flags" ;;
  *) kind=command ;;
esac
aot="\$share/dispatch-\$kind.aot"
# the faces' caches need util-linux script to train (below): without them, the agent runs' cache
case \$kind in workbench|chat) [ -f "\$aot" ] || aot="\$share/dispatch-session.aot" ;; esac
cache=
if [ -f "\$aot" ] && ! [ "\$jar" -nt "\$aot" ] && read -r stamp < "\$aot.stamp" && [ "\$stamp" = "\$java" ]; then
  cache="-XX:AOTCache=\$aot"
fi
# shellcheck disable=SC2086 # flags and DISPATCH_JAVA_OPTS are lists of JVM options
exec "\$java" -XX:+UseSerialGC -Xss1m \$flags \${native:+--enable-native-access=ALL-UNNAMED} \\
  \${native:+"-Ddispatch.native=\$share/libdispatch-socket.so"} \${cache:+"\$cache"} \${DISPATCH_JAVA_OPTS:-} -cp "\$jar" dev.dispatch.Main "\$@"
LAUNCHER
chmod 0755 "$PREFIX/bin/dispatch.tmp"
mv -f "$PREFIX/bin/dispatch.tmp" "$PREFIX/bin/dispatch"

# 5) On JDK 25+, train the AOT caches, one per workload (ARCHITECTURE.md §4; cli/AotTraining.java). The
#    lane workload talks to a daemon, started here in its own process so that the daemon's classes stay
#    out of the lane cache.
rm -f "$SHARE"/dispatch*.aot "$SHARE"/dispatch*.aot.stamp
if [ "${major%%.*}" -ge 25 ]; then
  for kind in plain command lane session run runlane; do
    echo "Training the $kind AOT cache (JDK $major)…"
    train_home=$(mktemp -d)
    aot="$SHARE/dispatch-$kind.aot"
    ok=1 model_pid=
    if [ "$kind" = runlane ] || [ "$kind" = session ] || [ "$kind" = run ]; then
      # the agent's model (cli/AotModel) in a process of its own: its HTTP server stays out of the cache
      "$JAVA_HOME/bin/java" -cp "$SHARE/dispatch.jar" dev.dispatch.cli.AotModel >"$train_home/model.url" \
        2>"$train_home/aot.log" &
      model_pid=$!
      for _ in $(seq 1 300); do [ -s "$train_home/model.url" ] && break; sleep 0.1; done
      mkdir -p "$train_home/config"
      printf 'providers: { aot: { type: anthropic, base_url: "%s" } }\nkeys: [ { id: aot, provider: aot, secret: "aot-training-not-a-key" } ]\nmodels: [ { id: aot, provider: aot, name: aot } ]\ndefault_model: aot\n' \
        "$(head -n 1 "$train_home/model.url")" >"$train_home/config/config.yaml"
      chmod 0600 "$train_home/config/config.yaml"
      [ -s "$train_home/model.url" ] || ok=0
    fi
    if [ "$ok" = 1 ] && { [ "$kind" = lane ] || [ "$kind" = runlane ]; } && ! DISPATCH_HOME="$train_home" \
        "$JAVA_HOME/bin/java" -cp "$SHARE/dispatch.jar" dev.dispatch.Main daemon start --no-port >/dev/null \
        2>>"$train_home/aot.log"; then
      ok=0
    fi
    # with the launcher's flags: a cache is used only with the module options it was trained with, and
    # the lane's accessor switch decides which reflection classes its cache should hold
    extra=-XX:TieredStopAtLevel=1
    [ "$kind" = lane ] && extra="$extra $lane_flags"
    [ "$kind" = runlane ] && extra=$runlane_flags
    # shellcheck disable=SC2086 # extra is a list of JVM options
    model_url=
    [ -s "$train_home/model.url" ] && model_url=$(head -n 1 "$train_home/model.url")
    if [ "$ok" = 1 ] && DISPATCH_HOME="$train_home" DISPATCH_AOT_TRAINING=$kind DISPATCH_AOT_MODEL="$model_url" \
        "$JAVA_HOME/bin/java" -XX:+UseSerialGC \
        -Xss1m $extra "${native_args[@]}" -XX:AOTCacheOutput="$aot" -cp "$SHARE/dispatch.jar" \
        dev.dispatch.Main >/dev/null 2>>"$train_home/aot.log"; then
      echo "$JAVA_HOME/bin/java" > "$aot.stamp"
    else
      echo "AOT training ($kind) failed (see below); dispatch works without it, only slower to start:" >&2
      tail -n 5 "$train_home/aot.log" >&2
      rm -f "$aot"
    fi
    if [ "$kind" = lane ] || [ "$kind" = runlane ]; then
      DISPATCH_HOME="$train_home" "$JAVA_HOME/bin/java" -cp "$SHARE/dispatch.jar" dev.dispatch.Main daemon stop \
        >/dev/null 2>&1 || true
    fi
    [ -n "$model_pid" ] && { kill "$model_pid" 2>/dev/null; wait "$model_pid" 2>/dev/null || true; }
    rm -rf "$train_home"
  done
  # The faces (issue 19): the workbench and chat, each driven on a pseudo-terminal by util-linux `script`
  # (the stty at the start gives it a size) with the launcher's flags for them: a prompt to the training
  # model, the workbench's write_file permission answered once, the answer shown, then ctrl+D (and y,
  # should the workbench ask). Keys typed before the engine is ready wait for it, so slow machines only train longer.
  for kind in workbench chat; do
    command -v script >/dev/null || { echo "No util-linux script: the $kind uses the session AOT cache."; break; }
    echo "Training the $kind AOT cache (JDK $major)…"
    train_home=$(mktemp -d)
    aot="$SHARE/dispatch-$kind.aot"
    "$JAVA_HOME/bin/java" -cp "$SHARE/dispatch.jar" dev.dispatch.cli.AotModel >"$train_home/model.url" \
      2>"$train_home/aot.log" &
    model_pid=$!
    for _ in $(seq 1 300); do [ -s "$train_home/model.url" ] && break; sleep 0.1; done
    mkdir -p "$train_home/config" "$train_home/project"
    printf 'providers: { aot: { type: anthropic, base_url: "%s" } }\nkeys: [ { id: aot, provider: aot, secret: "aot-training-not-a-key" } ]\nmodels: [ { id: aot, provider: aot, name: aot } ]\ndefault_model: aot\n' \
      "$(head -n 1 "$train_home/model.url")" >"$train_home/config/config.yaml"
    chmod 0600 "$train_home/config/config.yaml"
    face=; [ "$kind" = chat ] && face=chat
    # chat's write needs no answer (o would be typed at its prompt); ctrl+U empties the line ctrl+D leaves from
    answer=o; [ "$kind" = chat ] && answer=$(printf '\025')
    if [ -s "$train_home/model.url" ] && { sleep 5; printf 'create hello.txt\r'; sleep 5; printf '%s' "$answer"
        sleep 5; printf '\004'; sleep 2; [ "$kind" = chat ] || printf 'y'; sleep 3; } | (cd "$train_home/project" && DISPATCH_HOME="$train_home" \
        SHELL=/bin/sh timeout 300 script -qec "stty rows 40 cols 120; exec '$JAVA_HOME/bin/java' -XX:+UseSerialGC -Xss1m ${native_args[*]} -XX:AOTCacheOutput='$aot' -cp '$SHARE/dispatch.jar' dev.dispatch.Main $face" \
        /dev/null >"$train_home/face.log" 2>&1) && [ -f "$aot" ]; then
      echo "$JAVA_HOME/bin/java" > "$aot.stamp"
    else
      echo "AOT training ($kind) failed; it uses the session cache, only slower to start:" >&2
      tail -c 300 "$train_home/face.log" >&2; echo >&2
      rm -f "$aot"
    fi
    kill "$model_pid" 2>/dev/null; wait "$model_pid" 2>/dev/null || true
    rm -rf "$train_home"
  done
else
  echo "JDK $major has no AOT cache (25+ does): dispatch starts a little slower."
fi

# 6) Say what happened and what to do next.
echo
echo "Installed dispatch $("$PREFIX/bin/dispatch" --version | head -n 1 | cut -d' ' -f2-) to $PREFIX:"
for f in "${files[@]}"; do [ -e "$f" ] && echo "  $f"; done
case ":$PATH:" in
  *":$PREFIX/bin:"*) ;;
  *) echo; echo "Add $PREFIX/bin to your PATH, e.g.: echo 'export PATH=\"$PREFIX/bin:\$PATH\"' >> ~/.bashrc" ;;
esac
echo
echo "Next: dispatch doctor    (checks JDK, data dir, store, config, optional tools)"
echo "      man dispatch       (MANPATH may need $PREFIX/share/man)"
