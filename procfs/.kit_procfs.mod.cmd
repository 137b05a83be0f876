cmd_/work/main/procfs/kit_procfs.mod := printf '%s\n'   kit_procfs.o | awk '!x[$$0]++ { print("/work/main/procfs/"$$0) }' > /work/main/procfs/kit_procfs.mod
