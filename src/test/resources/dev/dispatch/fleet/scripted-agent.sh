#!/bin/sh
# A scripted external agent for the fleet tests: what a CLI started by 'dispatch spawn' does, with
# nothing but the environment spawn gives it (DISPATCH_AGENT_TOKEN, DISPATCH_AGENT, DISPATCH_SPACE)
# and the real 'dispatch' CLI on PATH.
#
#   scripted-agent.sh work [QUEUE]  claim a task (retrying until one is ready), append a line naming this
#                                   agent to the file the task's description names, commit it, complete
#                                   the task, then wait (the tmux session stays for peek/attach)
#   scripted-agent.sh hold [QUEUE]  claim a task and never finish it (its lease must expire)
set -u
mode=${1:-work}
queue=${2:-}
log() { echo "[$DISPATCH_AGENT] $*"; }
[ -n "${DISPATCH_AGENT_TOKEN:-}" ] || { log "no DISPATCH_AGENT_TOKEN"; exec sleep 3600; }

tries=0
while :; do
    if [ -n "$queue" ]; then
        claim=$(dispatch task next --space "$DISPATCH_SPACE" --agent "$DISPATCH_AGENT" --queue "$queue" --json 2>/dev/null)
    else
        claim=$(dispatch task next --space "$DISPATCH_SPACE" --agent "$DISPATCH_AGENT" --json 2>/dev/null)
    fi
    [ -n "$claim" ] && break
    tries=$((tries + 1))
    [ "$tries" -gt 240 ] && { log "no task became ready"; exec sleep 3600; }
    sleep 0.5
done
field() { printf '%s' "$claim" | grep -o "\"$1\":\"[^\"]*\"" | head -n 1 | cut -d '"' -f 4; }
id=$(field id)
lease=$(field lease)
file=$(field description)
log "claimed $id ($file) with lease $lease"
[ "$mode" = hold ] && { log "holding $id"; exec sleep 3600; }

echo "edited by $DISPATCH_AGENT" >> "$file"
git add -- "$file" && git -c user.name="$DISPATCH_AGENT" -c user.email=agent@dispatch.invalid commit -q -m "$DISPATCH_AGENT: $file"
dispatch task complete "$id" --space "$DISPATCH_SPACE" --lease "$lease" --result "edited $file" >/dev/null \
    && log "completed $id" || log "could not complete $id"
exec sleep 3600
