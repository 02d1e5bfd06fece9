# Shared by the run-*-bench.sh scripts (sourced, not run): finding a JDK 21+.

# The major version of the java binary $1 (0 if it does not run).
java_major() {
    local out v
    out="$("$1" -version 2>&1)" || true
    v="$(printf '%s\n' "$out" | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)"
    case "$v" in
        "") echo 0 ;;
        1.*) echo "$v" | cut -d. -f2 ;;
        *) echo "${v%%[.+-]*}" ;;
    esac
}

# A java of 21 or newer: $JAVA_HOME's, else the one on PATH, else the newest under /usr/lib/jvm.
find_java() {
    local candidate best="" best_major=0 m
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && (( $(java_major "$JAVA_HOME/bin/java") >= 21 )); then
        echo "$JAVA_HOME/bin/java"
        return
    fi
    if candidate="$(command -v java 2>/dev/null)" && (( $(java_major "$candidate") >= 21 )); then
        echo "$candidate"
        return
    fi
    for candidate in /usr/lib/jvm/*/bin/java; do
        [[ -x "$candidate" ]] || continue
        m="$(java_major "$candidate")"
        if (( m >= 21 && m > best_major )); then
            best="$candidate"
            best_major="$m"
        fi
    done
    if [[ -z "$best" ]]; then
        echo "$(basename "$0"): no JDK 21 or newer (looked at JAVA_HOME, PATH, /usr/lib/jvm)" >&2
        exit 1
    fi
    echo "$best"
}
