# SPDX-License-Identifier: GPL-2.0
#
# The kit's one entry point; `make help` lists the targets.
#
# Every folder named in the top-level Kbuild is built: its modules by
# kbuild, its other *.c files (readers, tools) and tests/*.c as static
# user-space programs under build/user/.  The chapters are those folders
# outside scripts/.

KERNEL ?= 6.1
KERNELS ?= $(KERNEL)
CHAPTER ?=
TEST_TIMEOUT ?= 60
export KIT_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/kernel-kit
# The kselftest harness and checkpatch come from this linux-source.
TOOLS_SERIES := 6.12

DIRS := $(patsubst %/,%,$(shell sed -n 's/^obj-y[[:space:]]*+=[[:space:]]*//p' Kbuild))
CHAPTERS := $(filter-out scripts/%,$(DIRS))
SELFTEST := scripts/selftest
SELECTED := $(if $(CHAPTER),$(filter $(CHAPTER) %/$(CHAPTER),$(CHAPTERS)),$(CHAPTERS))
ifeq ($(SELECTED),)
$(error CHAPTER=$(CHAPTER) is none of: $(notdir $(CHAPTERS)))
endif

# --- user space --------------------------------------------------------
CC := gcc
CFLAGS := -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -static -MMD -MP
# The harness's macros compare mixed signedness, leave parameters unused
# and keep a pid across its setjmp; only the test programs, which expand
# them, relax those three warnings.  They are built -O0: a pid kept in a
# register would come back from a failed assertion's longjmp with its
# value before the fork, and the test's own process would then run the
# fixture's teardown, while it still holds what the teardown must undo.
TEST_CFLAGS = -O0 -Wno-sign-compare -Wno-unused-parameter -Wno-clobbered -Ilib \
	-I$(KTOOLS)/tools/testing/selftests
# Evaluated once, and only when a test is built.
KTOOLS = $(eval KTOOLS := $(shell scripts/kernel.sh tools $(TOOLS_SERIES)))$(KTOOLS)

# The graded exercises: each one's checker is built like a chapter's tests.
EXERCISES := $(patsubst %/points,%,$(sort $(wildcard exercises/*/points)))
# EX=01 or EX=01-procfs names an exercise; check-exercises takes several.
EX_DIRS = $(foreach e,$(EX),$(or $(filter exercises/$(e) exercises/$(e)-%,$(EXERCISES)),\
	$(error EX=$(e) is none of: $(notdir $(EXERCISES)))))
EX_DIR = $(if $(filter 1,$(words $(EX_DIRS))),$(EX_DIRS),$(error EX= names one exercise))
EX_TEST_BINS := $(patsubst %.c,build/user/%,$(wildcard $(EXERCISES:=/tests/*.c)))
EX_TIMEOUT ?= 10
SEED ?=

PROGS := $(foreach d,$(DIRS),$(filter-out $(d)/kit_%.c,$(wildcard $(d)/*.c)))
TESTS := $(foreach d,$(DIRS),$(wildcard $(d)/tests/*.c))
PROG_BINS := $(PROGS:%.c=build/user/%)
TEST_BINS := $(TESTS:%.c=build/user/%)

# --- kernels -----------------------------------------------------------
# KDIR=/lib/modules/$(uname -r)/build builds for the running kernel;
# otherwise KERNEL names a Debian kernel that is fetched into the cache.
ifneq ($(KDIR),)
KENV :=
else
KENV = $(eval KENV := $(shell scripts/kernel.sh dir $(KERNEL))/kernel.env)$(KENV)
KDIR = $(eval KDIR := $(shell . $(KENV) && echo $$KDIR))$(KDIR)
endif
OUT := build/$(KERNEL)

.PHONY: all modules user check check-one run shell kernel-update clean help deps \
	skels check-exercises grade grade-all grade-demo

all: modules user

help:
	@echo "make run            boot the VM and tour the chapters (KERNEL=$(KERNEL))"
	@echo "make check          build everything and run every test"
	@echo "                    CHAPTER=procfs: one chapter; KERNELS=\"6.1 6.12\": several kernels"
	@echo "make shell          a shell in the VM, the modules in /kit/<chapter>/"
	@echo "make modules        the modules only (KDIR=... for a kernel of your own)"
	@echo "make skels          the exercises' student skeletons, in $(SKELS)/"
	@echo "make grade EX=01 SUBMISSION=dir      grade one submission (SEED=n to reproduce)"
	@echo "make grade-all EX=01 SUBMISSIONS=dir grade a class: a folder per student"
	@echo "make grade-demo     grade a demo class of exercise 01"
	@echo "make check-exercises  check the exercises' checkers (EX=01: one)"
	@echo "make kernel-update  look for newer Debian kernels on the next build"
	@echo "make clean          remove build products (the kernel cache stays)"
	@echo "chapters: $(notdir $(CHAPTERS))"
	@echo "exercises: $(notdir $(EXERCISES))"

deps:
	@scripts/deps.sh

# kbuild does not notice a change of kernel tree: clean when it changes.
# Its clean looks for objects in the whole tree: not in build/, which
# keeps a tree per kernel (the exercises' variants).
modules: deps
	@if [ "$$(cat build/.kdir 2>/dev/null)" != "$(KDIR)" ]; then \
		$(MAKE) -s -C $(KDIR) M=$(CURDIR) clean \
			RCS_FIND_IGNORE='\( -name .git -o -path $(CURDIR)/build \) -prune -o'; \
		mkdir -p build && echo "$(KDIR)" >build/.kdir; \
	fi
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

user: deps $(PROG_BINS) $(TEST_BINS)

build/user/%: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -I$(<D) $(if $(findstring /tests/,$@),$(TEST_CFLAGS)) -o $@ $<

-include $(PROG_BINS:=.d) $(TEST_BINS:=.d)

$(OUT)/initramfs.cpio: modules user FORCE
	scripts/initramfs.sh $(KENV) $@ $(DIRS)

check:
	@set -e; for k in $(KERNELS); do $(MAKE) --no-print-directory check-one KERNEL=$$k; done

check-one: $(OUT)/initramfs.cpio
	@echo "== tests on Debian kernel $(KERNEL) =="
	@scripts/check.sh --timeout $(TEST_TIMEOUT) $(if $(CHAPTER),,--expect $(SELFTEST)/expect) \
		$(KENV) $< $(OUT)/check $(SELECTED) $(if $(CHAPTER),,$(SELFTEST))
	$(if $(CHAPTER),,@$(MAKE) --no-print-directory check-exercises)

# --- exercises ---------------------------------------------------------
SKELS ?= build/skels
GRADE_OUT ?= build/grade

skels:
	@for e in $(EXERCISES); do scripts/skel.sh $$e $(SKELS)/$${e#exercises/} || exit; done
	@echo "skeletons of $(words $(EXERCISES)) exercises in $(SKELS)/"

check-exercises: deps $(EX_TEST_BINS)
	@echo "== exercises on Debian kernel $(KERNEL) =="
	@scripts/check-exercises.sh --timeout $(EX_TIMEOUT) $(if $(SEED),--seed $(SEED)) \
		$(KENV) $(OUT)/exercises $(if $(EX),$(EX_DIRS),$(EXERCISES))

grade: deps $(EX_TEST_BINS)
	@test -n "$(SUBMISSION)" || { echo "make grade EX=NN SUBMISSION=dir"; exit 2; }
	@scripts/grade.sh --timeout $(EX_TIMEOUT) $(if $(SEED),--seed $(SEED)) $(KENV) \
		$(EX_DIR) $(SUBMISSION) $(GRADE_OUT)/$(notdir $(EX_DIR))/$(notdir $(abspath $(SUBMISSION)))

grade-all: deps $(EX_TEST_BINS)
	@test -n "$(SUBMISSIONS)" || { echo "make grade-all EX=NN SUBMISSIONS=dir"; exit 2; }
	@scripts/grade-all.sh --timeout $(EX_TIMEOUT) $(if $(SEED),--seed $(SEED)) $(KENV) \
		$(EX_DIR) $(SUBMISSIONS) $(GRADE_OUT)/$(notdir $(EX_DIR))

grade-demo: deps $(EX_TEST_BINS)
	@scripts/grade-demo.sh $(KENV) build/demo

run: $(OUT)/initramfs.cpio
	@scripts/vm.sh --follow --idle 120 $(KENV) $< $(OUT)/run \
		kit.mode=run kit.chapters=$(subst $(space),$(comma),$(notdir $(SELECTED)))
	@grep -q '^# kit-done' $(OUT)/run/results || \
		{ echo "the tour did not finish: see $(OUT)/run/console.log"; exit 1; }

shell: $(OUT)/initramfs.cpio
	@scripts/vm.sh --shell --timeout 86400 $(KENV) $< $(OUT)/shell kit.mode=shell

kernel-update:
	scripts/kernel.sh update

clean:
	@if [ -n "$$(cat build/.kdir 2>/dev/null)" ]; then \
		$(MAKE) -s -C "$$(cat build/.kdir)" M=$(CURDIR) clean; fi
	rm -rf build

comma := ,
empty :=
space := $(empty) $(empty)
FORCE:
