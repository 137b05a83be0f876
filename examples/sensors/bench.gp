# SPDX-License-Identifier: GPL-2.0
#
# The plot of `make bench`: what reading one sensor costs through each
# path, for each size of the array; on the left in nanoseconds, on the
# right relative to the floor (the same work on a copy already in user
# space).  Usage: gnuplot -e "csv='FILE.csv'; out='FILE.svg'" bench.gp
# The CSV's columns:
# sensors,path,us_per_snapshot,mb_per_s,ns_per_sensor,ratio_to_floor,us_median
if (!exists("term")) term = "svg size 960,440 dynamic font 'sans,12' background '#ffffff'"
eval "set terminal " . term
set output out
set datafile separator ","

paths = "ioctl-get ioctl-batch read mmap floor"
titles = "'ioctl, one sensor per call' 'ioctl, 64 sensors per call' 'read() of the whole array' 'mmap, in place' 'floor'"
rows(p) = sprintf("< grep ',%s,' '%s'", p, csv)

set multiplot layout 1,2 title "Reading every sensor once (32x24 image + header: 1600 bytes a sensor)"
set logscale x 2
set xrange [180:23000]
set xtics ("256" 256, "1024" 1024, "4096" 4096, "16384" 16384)
set xlabel "sensors in the array"
set grid
set style line 1 lc rgb "#8e24aa" lw 2 pt 7
set style line 2 lc rgb "#2e7d32" lw 2 pt 7
set style line 3 lc rgb "#1e88e5" lw 2 pt 7
set style line 4 lc rgb "#ef6c00" lw 3 pt 7
set style line 5 lc rgb "#000000" lw 2 pt 6 dt 2

set title "cost per sensor"
set ylabel "ns per sensor (fastest round)"
set yrange [0:*]
unset key
plot for [i=1:words(paths)] rows(word(paths, i)) using 1:5 \
	with linespoints ls i notitle

set title "cost relative to the floor"
set ylabel "time / the floor's time"
set yrange [0:*]
set key bottom right font ",10" opaque
plot for [i=1:words(paths)] rows(word(paths, i)) using 1:(1 / $6) \
	with linespoints ls i title word(titles, i)
unset multiplot
