/work/main/procfs/kit_procfs.o
