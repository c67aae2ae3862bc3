#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A bulk export as a Slurm job array of 8 tasks: Slurm gives each task
# SLURM_ARRAY_TASK_ID (1..8 here), SLURM_ARRAY_TASK_MIN and _COUNT, and
# `voxport bulk --shard auto` makes shard (ID - MIN) of COUNT of it: the
# subscribers whose id hashes to it (FNV-1a 64 of the id, modulo 8).  The
# tasks split the job with no coordination; a failed task, requeued or run
# again (sbatch --array=3 ...), finishes its shard with --resume.  PROVIDER
# and OUT must be on a file system every node sees.
#
#   sbatch examples/slurm-bulk.sh
#SBATCH --job-name=voxport-bulk
#SBATCH --array=1-8
#SBATCH --cpus-per-task=2
#SBATCH --mem=1G
#SBATCH --time=24:00:00
#SBATCH --output=voxport-bulk-%A_%a.jsonl
set -eu
PROVIDER=${PROVIDER:-/shared/provider/provider.json}
OUT=${OUT:-/shared/archives}
exec voxport bulk -c "$PROVIDER" --all -d "$OUT" \
	--shard auto -j "${SLURM_CPUS_PER_TASK:-1}" --resume \
	--created 2026-12-01T00:00:00Z --json
