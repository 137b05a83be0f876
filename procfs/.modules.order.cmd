savedcmd_/work/main/procfs/modules.order := {   echo /work/main/procfs/kit_procfs.o; :; } > /work/main/procfs/modules.order
