cmd_/work/main/procfs/modules.order := {   echo /work/main/procfs/kit_procfs.ko; :; } > /work/main/procfs/modules.order
