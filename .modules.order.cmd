cmd_/work/main/modules.order := {   cat /work/main/procfs/modules.order;   cat /work/main/scripts/selftest/modules.order; :; } > /work/main/modules.order
