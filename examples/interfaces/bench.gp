# SPDX-License-Identifier: GPL-2.0
#
# The plot of `make bench`: what one operation costs through each
# interface, one bar per interface, job and way, on a log scale, the
# floor (getppid()) as a dashed line.
# Usage: gnuplot -e "csv='FILE.csv'; out='FILE.svg'" bench.gp
# The CSV's columns:
# interface,job,way,bytes,ns_per_op,ns_median,ops_per_s,x_floor,note
if (!exists("term")) term = "svg size 900,820 dynamic font 'sans,11' background '#ffffff'"
eval "set terminal " . term
set output out
set datafile separator ","

# The measured rows only (notes have no figure), numbered from the top:
# row, label, job, ns per operation, times the floor.
rows = sprintf("< awk -F, 'NR > 1 && $5 != \"\" { print n++ \",\" $1 \" \" $2 \" (\" $3 \"),\" $2 \",\" $5 \",\" $8 }' '%s'", csv)
job(j) = sprintf("%s | grep ',%s,'", rows, j)
stats rows using 1:4 nooutput
nrows = STATS_records
stats job("null") using 4 nooutput
floor_ns = STATS_min
times(r) = r < 0.1 ? sprintf("%.3fx", r) : r < 10 ? sprintf("%.1fx", r) : sprintf("%.0fx", r)
dur(ns) = ns < 1000 ? sprintf("%.0f ns", ns) : ns < 1e6 ? sprintf("%.1f µs", ns / 1e3) : sprintf("%.1f ms", ns / 1e6)

# The jobs the run has, in their order; each its colour.
jobs = system(sprintf("awk -F, 'NR > 1 && $5 != \"\" && !seen[$2]++ { printf \"%%s \", $2 }' '%s'", csv))
color(j) = j eq "null" ? "#000000" : j eq "read" ? "#1e88e5" : j eq "write" ? "#ef6c00" : \
	j eq "block" ? "#2e7d32" : j eq "echo" ? "#8e24aa" : j eq "event" ? "#c62828" : "#6d4c41"

set title "One operation through each interface (fastest round; log scale)"
set logscale x 10
set xrange [0.5:*]
set offsets graph 0, graph 0.15, 0, 0
set xlabel "time per operation; the dashed line is the floor, getppid()"
set xtics ("1 ns" 1, "10 ns" 10, "100 ns" 100, "1 µs" 1e3, "10 µs" 1e4, "100 µs" 1e5, "1 ms" 1e6, "10 ms" 1e7)
set yrange [nrows:-1]
set ytics scale 0 font ",10"
set grid xtics
set key below horizontal width -2 font ",10"
set style fill solid 0.8 noborder
set arrow from floor_ns, graph 0 to floor_ns, graph 1 nohead dt 2 lc rgb "#000000"

plot for [i=1:words(jobs)] job(word(jobs, i)) \
	using (sqrt(0.5 * $4)):1:(0.5):4:($1 - 0.38):($1 + 0.38):ytic(2) \
	with boxxyerror lc rgb color(word(jobs, i)) title word(jobs, i), \
	rows using ($4 * 1.15):1:(sprintf("%s  %s", dur($4), times($5))) with labels left font ",9" notitle
