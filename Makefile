# SPDX-License-Identifier: GPL-2.0
#
# The kit's one entry point; `make help` lists the targets.
#
# Every folder named in the top-level Kbuild is built: its modules by
# kbuild, its other *.c files (readers, tools) and tests/*.c as static
# user-space programs under build/user/.  The chapters are those folders
# outside scripts/.

# Debian keeps modinfo and depmod in /usr/sbin, which is not on an
# ordinary user's PATH.
export PATH := $(PATH):/usr/sbin:/sbin

KERNEL ?= 6.1
DEBUG_SERIES ?= 7.3
KERNELS ?= $(KERNEL)
CHAPTER ?=
# A test's limit before it counts as hung: 60 s; on the debug kernel,
# where loading every module five times over (stress.all.unload_race)
# took over 60 s beside other VMs, 180.
TEST_TIMEOUT ?= $(if $(filter debug,$(KERNEL)),180,60)
export KIT_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/kernel-kit
# $(shell) sees make's own environment, not what make exports (before
# make 4.4): a KIT_CACHE= of the command line is handed over by hand.
KERNEL_SH = KIT_CACHE='$(KIT_CACHE)' DEBUG_SERIES='$(DEBUG_SERIES)' scripts/kernel.sh
# The kselftest harness and checkpatch come from the linux-source of the
# newest series Debian carries (evaluated once, when first used).
TOOLS_SERIES = $(eval TOOLS_SERIES := $(shell $(KERNEL_SH) newest))$(TOOLS_SERIES)

DIRS := $(patsubst %/,%,$(shell sed -n 's/^obj-y[[:space:]]*+=[[:space:]]*//p' Kbuild))
CHAPTERS := $(filter-out scripts/%,$(DIRS))
SELFTEST := scripts/selftest
# The stress suite and its fuzzer: a dir of programs and tests that the
# VM gets beside the chapters (see scripts/stress/tests/stress).  The
# runner checks what each test left behind with the fuzzer's walk: every
# VM that runs tests gets it.
STRESS := scripts/stress
FUZZ := build/user/$(STRESS)/fuzz
SELECTED := $(if $(CHAPTER),$(filter $(CHAPTER) %/$(CHAPTER),$(CHAPTERS)),$(CHAPTERS))
ifeq ($(SELECTED),)
$(error CHAPTER=$(CHAPTER) is none of: $(notdir $(CHAPTERS)))
endif

# make stress: STRESS_TIME seconds for each bounded run, STRESS_CYCLES
# load/unload cycles per module; SEED=N repeats a fuzzer run.  make check
# runs the quick stress suite; LINT=0 skips the static checks there.
STRESS_TIME ?= 5
STRESS_CYCLES ?= 100
SEED ?=
LINT ?= 1

# --- user space --------------------------------------------------------
CC := gcc
CFLAGS := -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -static -MMD -MP
# The harness's macros compare mixed signedness, leave parameters unused
# and keep a pid across its setjmp; only the test programs, which expand
# them, relax those three warnings.  -O0 keeps that pid in memory: at -O2
# it lives in a register that longjmp() restores, so a test whose ASSERT
# fails takes itself for the parent and skips its fixture's teardown,
# leaving its module loaded for the tests that follow.
TEST_CFLAGS = -O0 -Wno-sign-compare -Wno-unused-parameter -Wno-clobbered -Ilib \
	-I$(KTOOLS)/tools/testing/selftests
# Evaluated once, and only when a test is built.
KTOOLS = $(eval KTOOLS := $(shell $(KERNEL_SH) tools $(TOOLS_SERIES)))$(KTOOLS)

# The graded exercises: each one's checker is built like a chapter's tests.
EXERCISES := $(patsubst %/points,%,$(sort $(wildcard exercises/*/points)))
# EX=01 or EX=01-procfs names an exercise; check-exercises takes several.
EX_DIRS = $(foreach e,$(EX),$(or $(filter exercises/$(e) exercises/$(e)-%,$(EXERCISES)),\
	$(error EX=$(e) is none of: $(notdir $(EXERCISES)))))
EX_DIR = $(if $(filter 1,$(words $(EX_DIRS))),$(EX_DIRS),$(error EX= names one exercise))
EX_TEST_BINS := $(patsubst %.c,build/user/%,$(wildcard $(EXERCISES:=/tests/*.c)))
# A test of an exercise has 10 s; on the debug kernel, where a test costs
# ten times as much, 90 (12's 200 forks took over 10 s on 6.12's debug
# kernel and over 30 s on 7.3's, beside other VMs).
EX_TIMEOUT ?= $(if $(filter debug,$(KERNEL)),90,10)
SEED ?=

# (fuzz_net.c is half of the fuzzer, not a program.)
PROGS := $(foreach d,$(DIRS) $(STRESS),$(filter-out $(d)/kit_%.c $(STRESS)/fuzz_net.c,$(wildcard $(d)/*.c)))
TESTS := $(foreach d,$(DIRS),$(wildcard $(d)/tests/*.c))
PROG_BINS := $(PROGS:%.c=build/user/%)
TEST_BINS := $(TESTS:%.c=build/user/%)

# --- kernels -----------------------------------------------------------
# KDIR=/lib/modules/$(uname -r)/build builds for the running kernel;
# otherwise KERNEL names a Debian kernel that is fetched into the cache.
ifneq ($(KDIR),)
ifneq ($(filter-out all modules user clean help deps,$(MAKECMDGOALS)),)
$(error KDIR= builds modules for your own kernel; the VM targets take KERNEL=6.1, 6.12, ..., debug (make kernels))
endif
else
# KERNEL=debug is the kit's sanitizer kernel, built from Debian's
# linux-source of DEBUG_SERIES (kernel.sh hands it to debug-kernel.sh).
KENV = $(eval KENV := $(shell $(KERNEL_SH) dir $(KERNEL))/kernel.env)$(KENV)
KDIR = $(eval KDIR := $(shell . $(KENV) && echo $$KDIR))$(KDIR)
# In the kernel's build root when its headers need one (kernel.env).
KMAKE = scripts/buildroot.sh --kenv $(KENV) -- $(MAKE)
endif
KMAKE ?= $(MAKE)
OUT := build/$(KERNEL)
KERNEL_NAME = $(if $(filter debug,$(KERNEL)),the debug kernel,Debian kernel $(KERNEL))

.PHONY: all modules user check check-one check-terminal stress stress-one lint run bench \
	shell debug kernel-update kernels clean help deps skels check-exercises grade \
	grade-all grade-demo check-hostile failnth

all: modules user

help:
	@echo "make run            boot the VM and tour the chapters (KERNEL=$(KERNEL))"
	@echo "make check          lint, build everything, run every test and a short stress run"
	@echo "                    CHAPTER=procfs: one chapter, the edit-and-test loop: its lint beside"
	@echo "                    its tests, and of the stress run the fuzzer alone, for 1 s (the rest:"
	@echo "                    other chapters, self-test, exercises, terminal, full check only)"
	@echo "                    KERNELS=\"6.1 6.12 7.3\": several kernels"
	@echo "                    KERNEL=debug: the kit's sanitizer kernel (KASAN, kmemleak, lockdep...)"
	@echo "make bench          run the benchmarks (chapters with a bench.gp), print and plot them"
	@echo "                    CHAPTER=sensors: one; BENCH_REPS=3: fewer rounds (default 15)"
	@echo "make lint           checkpatch, clang-format, sparse, W=1, cppcheck, clang --analyze"
	@echo "make stress         load/unload races, concurrent I/O, the fuzzer, stress-ng, trinity"
	@echo "make failnth        every module's load with each fault failing in turn (KERNEL=debug)"
	@echo "                    STRESS_TIME=$(STRESS_TIME) s a run, STRESS_CYCLES=$(STRESS_CYCLES), SEED=N"
	@echo "make shell          a shell in the VM, the modules in /kit/<chapter>/"
	@echo "make debug          the VM's shell and gdb on its kernel (CHAPTER=cdev: its modules loaded)"
	@echo "make modules        the modules only (KDIR=... for a kernel of your own)"
	@echo "make skels          the exercises' student skeletons, in $(SKELS)/"
	@echo "make grade EX=01 SUBMISSION=dir      grade one submission (SEED=n to reproduce)"
	@echo "make grade-all EX=01 SUBMISSIONS=dir grade a class: a folder per student"
	@echo "make grade-demo     grade a demo class of exercise 01"
	@echo "make check-exercises  check the exercises' checkers (EX=01: one)"
	@echo "make check-hostile  check that the grader stops hostile submissions"
	@echo "make kernels        the kernel series Debian carries now (KERNEL= takes any)"
	@echo "make kernel-update  look for newer Debian kernels on the next build"
	@echo "make clean          remove build products (the kernel cache stays)"
	@echo "chapters: $(notdir $(CHAPTERS))"
	@echo "exercises: $(notdir $(EXERCISES))"

deps:
	@scripts/deps.sh build

# kbuild does not notice a change of kernel tree: clean when it changes.
# Its clean looks for objects in the whole tree: not in build/, which
# keeps a tree per kernel (the exercises' variants).
modules: deps
	@if [ "$$(cat build/.kdir 2>/dev/null)" != "$(KDIR)" ]; then \
		$(KMAKE) -s -C $(KDIR) M=$(CURDIR) clean \
			RCS_FIND_IGNORE='\( -name .git -o -path $(CURDIR)/build \) -prune -o'; \
		mkdir -p build && echo "$(KDIR)" >build/.kdir; \
	fi
	$(KMAKE) -C $(KDIR) M=$(CURDIR)$(if $(filter 1,$(words $(PACKED))),/$(PACKED)) modules

user: deps $(PROG_BINS) $(TEST_BINS)

# A program that needs a library beyond libc names its pkg-config
# packages in a file beside it, <program>.pkg (netlink/reader.pkg holds
# libnl-genl-3.0); it is linked statically with what pkg-config --static
# gives for them.  scripts/deps.sh installs the -dev packages.
PKG_FLAGS = $(if $(wildcard $(1).pkg),$(shell pkg-config --static --cflags --libs $(file <$(1).pkg)))

build/user/%: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -I$(<D) $(if $(findstring /tests/,$@),$(TEST_CFLAGS)) -o $@ $< $(call PKG_FLAGS,$*)

# A program named *_m32.c is built as a 32-bit program (gcc-multilib), so
# that tests can call a module the way 32-bit programs do (compat_ioctl).
build/user/%_m32: %_m32.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -m32 -I$(<D) -o $@ $<

-include $(PROG_BINS:=.d) $(TEST_BINS:=.d) $(EX_TEST_BINS:=.d)

# The fuzzer knows the ioctl numbers that the chapters' headers define.
UAPI_HEADERS := $(foreach d,$(CHAPTERS),$(wildcard $(d)/*.h))
build/gen/kit_ioctls.h: $(UAPI_HEADERS) $(STRESS)/ioctls.sh
	$(STRESS)/ioctls.sh $@ $(UAPI_HEADERS)
# Its sockets' half (fuzz_net.c) speaks netlink with the chapter's header.
$(FUZZ): $(STRESS)/fuzz.c $(STRESS)/fuzz_net.c $(STRESS)/fuzz.h \
		netlink/nl_wire.h netlink/kit_netlink.h build/gen/kit_ioctls.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Ibuild/gen -I$(STRESS) -o $@ $(filter %.c,$^)
# The interfaces' reader compiles in the chapters whose headers exist
# (__has_include), which its dependency file cannot list.
build/user/examples/interfaces/reader: $(UAPI_HEADERS)

# The stress suite's tests are listed when the VM is packed: these say
# which (see scripts/stress/tests/stress).  make stress attacks the
# exercises' solutions too (without CHAPTER=), staged as check-exercises
# stages them, each a chapter of the VM named after its exercise.
TARGETS = $(subst $(space),$(comma),$(notdir $(SELECTED)))
STRESS_EX := $(if $(CHAPTER),,$(EXERCISES))
STRESS_EX_KITS = $(foreach e,$(STRESS_EX),$(CURDIR)/$(OUT)/stress-stage/kit/$(notdir $(e)))
FULL_TARGETS = $(subst $(space),$(comma),$(notdir $(SELECTED) $(STRESS_EX)))
QUICK = KIT_STRESS=$(CHECK_STRESS) KIT_STRESS_TARGETS=$(TARGETS)
FULL = KIT_STRESS=full KIT_STRESS_TARGETS=$(FULL_TARGETS)

# What the VM gets, and what kbuild builds: CHAPTER= one chapter (and the
# stress suite), a smaller archive and a kbuild pass of that folder's own
# Kbuild, for the edit-and-test loop; examples/interfaces measures every
# chapter, so it gets them all.
PACKED = $(if $(CHAPTER),$(if $(filter examples/interfaces,$(SELECTED)),$(CHAPTERS),$(SELECTED)),$(DIRS))
$(OUT)/initramfs.cpio: modules user FORCE
	@scripts/deps.sh vm
	@$(QUICK) scripts/initramfs.sh $(KENV) $@ $(PACKED) $(STRESS)

# The same with the outside stressors, for make stress only.
$(OUT)/stress.cpio: modules user FORCE
	@scripts/deps.sh vm stress
	$(if $(STRESS_EX),scripts/stage.sh $(KENV) $(OUT)/stress-stage \
		$(foreach e,$(STRESS_EX),$(notdir $(e))=$(e):$(e)/solution))
	$(FULL) scripts/initramfs.sh --with stress-ng --with trinity $(KENV) $@ \
		$(DIRS) $(STRESS) $(STRESS_EX_KITS)

# The fail-nth sweep (make failnth, and make check on KERNEL=debug):
# every module of the chapters and every exercise's solution (without
# CHAPTER=), loaded with each fault point of its init failing in turn
# (see scripts/stress/tests/stress).  It needs fail-nth and its
# stack-trace filter: on the stock kernels its tests are skipped.
FAILNTH_EX := $(if $(CHAPTER),,$(EXERCISES))
FAILNTH_KITS = $(foreach e,$(FAILNTH_EX),$(CURDIR)/$(OUT)/stress-stage/kit/$(notdir $(e)))
FAILNTH_TARGETS = $(subst $(space),$(comma),$(notdir $(SELECTED) $(FAILNTH_EX)))

$(OUT)/failnth.cpio: modules user FORCE
	@scripts/deps.sh vm
	$(if $(FAILNTH_EX),scripts/stage.sh $(KENV) $(OUT)/stress-stage \
		$(foreach e,$(FAILNTH_EX),$(notdir $(e))=$(e):$(e)/solution))
	KIT_STRESS=failnth KIT_STRESS_TARGETS=$(FAILNTH_TARGETS) \
		$(if $(CHAPTER),,KIT_STRESS_SELFTEST=1) scripts/initramfs.sh \
		$(KENV) $@ $(DIRS) $(STRESS) $(FAILNTH_KITS)

# Without CHAPTER=, the sweep is also tried on a fixture whose init does
# not unwind: it must fail there (scripts/selftest/expect).
failnth: $(OUT)/failnth.cpio
	@echo "== fail-nth sweep on kernel $(KERNEL) =="
	@scripts/check.sh --timeout 900 $(if $(CHAPTER),,--expect $(SELFTEST)/expect) \
		--append "kit.stress=failnth kit.stress_targets=$(FAILNTH_TARGETS)" \
		$(KENV) $< $(OUT)/failnth $(STRESS)

# Each kernel of KERNELS in turn; the last line sums them all up.
# CHAPTER= is the edit-and-test loop: its lint runs beside the VMs
# (LINT_BESIDE), and of the stress suite only the fuzzer, for a second;
# the full make check lints first, then runs the quick suite (three
# 3-second runs).
check: $(if $(filter 0 no,$(LINT)),,$(if $(CHAPTER),,lint))
	@MAKE="$(MAKE)" scripts/matrix.sh check $(KERNELS)

LINT_BESIDE = $(if $(CHAPTER),$(if $(filter 0 no,$(LINT))$(ONCE_DONE),,1))
CHECK_STRESS = $(if $(CHAPTER),loop,quick)
check-one: $(OUT)/initramfs.cpio
	@echo "== tests on $(KERNEL_NAME) =="
	@$(if $(LINT_BESIDE),scripts/beside.sh $(OUT)/check.lint "$(MAKE) --no-print-directory lint" --) \
	scripts/check.sh --timeout $(TEST_TIMEOUT) $(if $(CHAPTER),,--expect $(SELFTEST)/expect) \
		--append "kit.stress=$(CHECK_STRESS) $(if $(CHAPTER),kit.stress_time=1) $(if $(SEED),kit.seed=$(SEED))" \
		$(KENV) $< $(OUT)/check $(SELECTED) $(if $(CHAPTER),,$(SELFTEST)) $(STRESS); \
		rc=$$?; scripts/ktap-check.sh $(KTOOLS) $(OUT)/check/results.ktap $(OUT)/check.ktap \
		|| rc=1; exit $$rc
	$(if $(CHAPTER),,@$(MAKE) --no-print-directory check-exercises check-hostile)
	$(if $(filter debug,$(KERNEL)),@$(MAKE) --no-print-directory failnth)
	$(if $(CHAPTER)$(ONCE_DONE),,@$(MAKE) --no-print-directory check-terminal)

# The terminal's mechanics are the host's: with several KERNELS, make
# check drives them on the first one only.
ONCE_DONE = $(filter-out $(firstword $(KERNELS)),$(KERNEL))

# The interactive targets driven through a real terminal (tmux).
check-terminal:
	@echo "== make shell, run, grade, grade-all, debug, bench and help in a terminal, on $(KERNEL_NAME) =="
	@scripts/terminal.sh $(KERNEL) $(OUT)/check.terminal

stress:
	@MAKE="$(MAKE)" scripts/matrix.sh stress $(KERNELS)

stress-one: $(OUT)/stress.cpio
	@echo "== stress on $(KERNEL_NAME): $(STRESS_CYCLES) cycles, $(STRESS_TIME) s runs =="
	@scripts/check.sh --jobs 1 --timeout $$(($(STRESS_TIME) * 3 + $(STRESS_CYCLES) + 120)) \
		--append "kit.stress=full kit.stress_time=$(STRESS_TIME)" \
		--append "kit.stress_cycles=$(STRESS_CYCLES) $(if $(SEED),kit.seed=$(SEED))" \
		--append "kit.stress_targets=$(FULL_TARGETS)" \
		$(KENV) $< $(OUT)/stress $(STRESS)

# Static checks on the host, on each kernel of KERNELS; the exercises
# are linted too.
LINT_DIRS := $(if $(CHAPTER),$(SELECTED),$(DIRS) $(STRESS) \
	$(EXERCISES:=/solution) $(EXERCISES:=/tests))
# The debug kernel is linted as the Debian kernel of its series.
LINT_KERNELS = $(sort $(patsubst debug,$(DEBUG_SERIES),$(KERNELS)))
lint: build/gen/kit_ioctls.h
	@scripts/deps.sh lint
	@scripts/lint.sh --kernels "$(LINT_KERNELS)" --tools $(TOOLS_SERIES) $(LINT_DIRS)

# --- exercises ---------------------------------------------------------
SKELS ?= build/skels
GRADE_OUT ?= build/grade

skels:
	@for e in $(EXERCISES); do scripts/skel.sh $$e $(SKELS)/$${e#exercises/} || exit; done
	@echo "skeletons of $(words $(EXERCISES)) exercises in $(SKELS)/"

check-exercises: deps $(EX_TEST_BINS) $(FUZZ)
	@echo "== exercises on $(KERNEL_NAME) =="
	@scripts/check-exercises.sh --timeout $(EX_TIMEOUT) $(if $(SEED),--seed $(SEED)) \
		$(KENV) $(OUT)/exercises $(if $(EX),$(EX_DIRS),$(EXERCISES))

grade: deps $(EX_TEST_BINS) $(FUZZ)
	@test -n "$(SUBMISSION)" || { echo "make grade EX=NN SUBMISSION=dir"; exit 2; }
	@scripts/grade.sh --timeout $(EX_TIMEOUT) $(if $(SEED),--seed $(SEED)) $(KENV) \
		$(EX_DIR) $(SUBMISSION) $(GRADE_OUT)/$(notdir $(EX_DIR))/$(notdir $(abspath $(SUBMISSION)))

grade-all: deps $(EX_TEST_BINS) $(FUZZ)
	@test -n "$(SUBMISSIONS)" || { echo "make grade-all EX=NN SUBMISSIONS=dir"; exit 2; }
	@scripts/grade-all.sh --timeout $(EX_TIMEOUT) $(if $(SEED),--seed $(SEED)) $(KENV) \
		$(EX_DIR) $(SUBMISSIONS) $(GRADE_OUT)/$(notdir $(EX_DIR))

# The grader against hostile submissions (scripts/selftest/hostile/).
check-hostile: deps $(EX_TEST_BINS) $(FUZZ)
	@echo "== hostile submissions on $(KERNEL_NAME) =="
	@scripts/hostile.sh $(KENV) $(OUT)/hostile

grade-demo: deps $(EX_TEST_BINS) $(FUZZ)
	@scripts/grade-demo.sh $(KENV) build/demo

# The tour runs the readers only: without the tests, a first make run
# does not fetch linux-source for the kselftest harness.
$(OUT)/tour.cpio: modules $(PROG_BINS) FORCE
	@scripts/deps.sh vm
	@scripts/initramfs.sh --no-tests $(KENV) $@ $(PACKED)

run: $(OUT)/tour.cpio
	@scripts/vm.sh --follow --idle 120 $(KENV) $< $(OUT)/run \
		kit.mode=run kit.chapters=$(subst $(space),$(comma),$(notdir $(SELECTED)))
	@grep -q '^# kit-done' $(OUT)/run/results || \
		{ echo "the tour did not finish: see $(OUT)/run/console.log"; exit 1; }
	@if [ -d $(OUT)/run/files ]; then echo "files from the VM:"; \
		ls -d $(OUT)/run/files/*; fi

# A chapter with a benchmark has a bench.gp: in the VM its reader's
# `bench --csv FILE` prints a table and writes the CSV, which comes back
# to $(OUT)/bench/files/<chapter>.csv; gnuplot turns it into <chapter>.svg.
# BENCH_REPS=N: N timed rounds instead of the readers' 15 (a quick look;
# the terminal test uses 3).
BENCHED = $(foreach d,$(SELECTED),$(if $(wildcard $(d)/bench.gp),$(d)))
# The tests' VM debugs the allocator (scripts/vm.sh), which makes every
# kmalloc() several times dearer; a benchmark measures the kernel as it
# runs in use, so these later words switch that off.
BENCH_APPEND = slub_debug=- page_poison=0 init_on_free=0

bench: $(OUT)/initramfs.cpio
	@[ -n "$(BENCHED)" ] || { echo "no benchmark in: $(notdir $(SELECTED))"; exit 1; }
	@scripts/deps.sh bench
	@scripts/vm.sh --follow --idle 600 --timeout 1800 $(KENV) $< $(OUT)/bench \
		$(BENCH_APPEND) $(if $(BENCH_REPS),kit.bench_reps=$(BENCH_REPS)) \
		kit.mode=bench kit.chapters=$(subst $(space),$(comma),$(notdir $(BENCHED)))
	@grep -q '^# kit-done' $(OUT)/bench/results || \
		{ echo "the benchmark did not finish: see $(OUT)/bench/console.log"; exit 1; }
	@for d in $(BENCHED); do c=$$(basename $$d); \
		gnuplot -e "csv='$(OUT)/bench/files/$$c.csv'; out='$(OUT)/bench/$$c.svg'" \
			$$d/bench.gp || exit 1; \
		echo "$$c: $(OUT)/bench/files/$$c.csv $(OUT)/bench/$$c.svg"; \
	done

shell: $(OUT)/initramfs.cpio
	@scripts/vm.sh --shell --timeout 86400 $(KENV) $< $(OUT)/shell kit.mode=shell

# The VM's shell and gdb side by side; CHAPTER= names the chapter
# whose modules are loaded and known to gdb (default: procfs).
debug: $(OUT)/initramfs.cpio
	@scripts/debug.sh $(KENV) $< $(OUT)/debug $(if $(CHAPTER),$(SELECTED),procfs)

kernel-update:
	scripts/kernel.sh update

kernels:
	@scripts/kernel.sh list

clean:
	@if [ -n "$$(cat build/.kdir 2>/dev/null)" ]; then \
		$(MAKE) -s -C "$$(cat build/.kdir)" M=$(CURDIR) clean; fi
	rm -rf build

comma := ,
empty :=
space := $(empty) $(empty)
FORCE:
