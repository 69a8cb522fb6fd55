# Shared by the benchmarks (sourced, from the repository root): the launcher jar, its version, and the helpers
# every benchmark measures with. Not a benchmark itself.
jar=launcher/target/paude.jar
[[ -f $jar ]] || mvn -q -B -pl launcher -am package -DskipTests
version=$(java -jar "$jar" --version | awk '{print $2}')
# the median of numbers, one per line
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# the milliseconds a command took; a failing command stops the benchmark with its output (a refused start is fast)
time_ms() {
  local s e out; s=$(date +%s%N)
  out=$("$@" 2>&1) || { echo "bench: failed: $*" >&2; echo "$out" >&2; exit 1; }
  e=$(date +%s%N); echo $(( (e - s) / 1000000 ))
}
