# Shared by examples_test.sh: starting an examples/ tool until it has attached, stopping it,
# skipping it when the running kernel lacks one of its tracepoints, and checks on its output.
# A tool's checks add to $problems; run_tool turns them into one PASS/FAIL/SKIP/XFAIL line.
# shellcheck shell=bash

tracefs=/sys/kernel/tracing
[[ -d $tracefs/events ]] || tracefs=/sys/kernel/debug/tracing

problems=() skip_reason=""
skipped=0 xfailed=0
declare -A gaps=()   # tool -> the sonde gap that makes it fail today (see examples_test.sh)

problem() { problems+=("$1"); }
skip() { skip_reason=$1; }

# The tracepoints a tool names (tracepoint:CAT:NAME, wildcards left out) that this kernel lacks.
missing_tracepoints() {
	local tp
	for tp in $(grep -oE 'tracepoint:[a-z0-9_]+:[a-z0-9_*]+' "$examples/$1.bt" | sort -u); do
		[[ $tp != *'*'* ]] || continue
		tp=${tp#tracepoint:}
		[[ -d $tracefs/events/${tp%%:*}/${tp#*:} ]] || echo "$tp"
	done
}

# start TOOL [ARGS...]: runs examples/TOOL.bt with sonde in the background, stdout in $out and
# stderr in $err, and waits until sonde says its probes are attached.
start() {
	local tool=$1
	shift
	out=$tmp/$tool.out err=$tmp/$tool.err
	: >"$out"
	__BPFTRACE_NOTIFY_PROBES_ATTACHED=1 "$bin" "$examples/$tool.bt" "$@" >"$out" 2>"$err" &
	spid=$!
	for ((i = 0; i < 200; i++)); do
		grep -q '^__BPFTRACE_NOTIFY_PROBES_ATTACHED$' "$out" && return 0
		kill -0 "$spid" 2>/dev/null || break
		sleep 0.05
	done
	problem "did not attach: $(tr '\n' ' ' <"$err" | head -c 400)"
	stop
	return 1
}

# stop [SECONDS]: SIGINT to the tool, then waits for it (20 s unless told). wait_exit [SECONDS]
# waits for a tool that ends by itself. Either checks the exit status.
stop() {
	kill -INT "$spid" 2>/dev/null
	wait_exit "${1:-20}"
}
wait_exit() {
	local ticks=$((${1:-20} * 10))
	while ((ticks-- > 0)) && kill -0 "$spid" 2>/dev/null; do
		sleep 0.1
	done
	if kill -0 "$spid" 2>/dev/null; then
		kill -KILL "$spid"
		problem "still running after ${1:-20} s"
	fi
	wait "$spid"
	local rc=$?
	[[ $rc -eq 0 ]] || problem "exit status $rc: $(tr '\n' ' ' <"$err" | head -c 400)"
}

# has REGEX: some output line matches the extended REGEX.
has() {
	grep -Eq -- "$1" "$out" || problem "no output line matches /$1/"
}

# sum_values REGEX: the sum of the last field of the lines matching REGEX (0 when none).
sum_values() {
	awk -v re="$1" '$0 ~ re { s += $NF } END { print s + 0 }' "$out"
}

# at_least WHAT N VALUE: VALUE >= N, else a problem naming WHAT.
at_least() {
	[[ $3 -ge $2 ]] || problem "$1 is $3, expected at least $2"
}

# between WHAT LOW HIGH VALUE: LOW <= VALUE <= HIGH, for counts the workload knows up to a margin.
between() {
	[[ $4 -ge $2 && $4 -le $3 ]] || problem "$1 is $4, expected $2 to $3"
}

# hist_count HEADER-REGEX [LOW [HIGH]]: the total count of the histogram printed under the line
# matching HEADER-REGEX; with LOW (a bucket's lower bound as printed, e.g. 8K) only from that
# bucket up, with HIGH too only below the bucket starting at HIGH.
hist_count() {
	awk -v re="$1" -v low="${2:-}" -v high="${3:-}" '
		$0 ~ re { inside = 1; counting = (low == ""); next }
		inside && /^\[/ {
			b = $1; gsub(/[][,)]/, "", b)
			if (b == low) counting = 1
			if (b == high) counting = 0
			for (i = 2; i <= NF; i++) if (substr($i, 1, 1) == "|") break
			if (counting) s += $(i - 1)
			next
		}
		inside { inside = 0 }
		END { print s + 0 }' "$out"
}

# run_tool TOOL: runs the check function t_TOOL and prints the verdict for the tool; a tool
# whose tracepoints are not all on this kernel is skipped, saying which.
run_tool() {
	local tool=$1 missing
	problems=() skip_reason="" out=/dev/null
	missing=$(missing_tracepoints "$tool" | tr '\n' ' ')
	if [[ -n $missing ]]; then
		skip "tracepoints not on this kernel: $missing"
	else
		"t_$tool"
	fi
	if [[ -n $skip_reason ]]; then
		echo "SKIP $tool: $skip_reason"
		skipped=$((skipped + 1))
	elif [[ -n ${gaps[$tool]:-} ]]; then
		if [[ ${#problems[@]} -gt 0 ]]; then
			echo "XFAIL $tool (known sonde gap: ${gaps[$tool]}): ${problems[0]}"
			xfailed=$((xfailed + 1))
		else
			fail "$tool passes: its sonde gap (${gaps[$tool]}) is fixed, drop it from gaps"
		fi
	elif [[ ${#problems[@]} -gt 0 ]]; then
		fail "$tool: $(printf '%s; ' "${problems[@]}")"
		sed -n '1,25p' "$out" | sed 's/^/    | /'
	else
		echo "PASS $tool"
		pass
	fi
}
