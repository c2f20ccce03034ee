"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const axisCount = new Intl.NumberFormat("en-US", { notation: "compact" });
// "Nov 8", as every other date is shown (UTC, month first).
const axisDay = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });

/** Calls per day: accepted successes and errors, and the gate's refusals (never counted as requests), stacked apart. */
export function DailyChart({ daily }: { daily: { date: string; successes: number; errors: number; refused: number }[] }) {
  return (
    <div className="h-56 w-full" role="img" aria-label="Calls per day: successes, errors and refusals">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={daily} margin={{ top: 4, right: 4, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e4e4e7" />
          <XAxis
            dataKey="date"
            tickFormatter={(d: string) => axisDay.format(new Date(`${d}T00:00:00Z`))}
            tick={{ fontSize: 11 }}
            minTickGap={16}
          />
          {/* Compact (60K, 1.2M): a busy account's full counts would be clipped by the axis. */}
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} tickFormatter={(n: number) => axisCount.format(n)} />
          <Tooltip />
          {/* The swatch carries the series' colour; the words stay dark enough to read (recharts colours them too). */}
          <Legend
            wrapperStyle={{ fontSize: 12 }}
            formatter={(value: string) => <span style={{ color: "#3f3f46" }}>{value}</span>}
          />
          <Bar dataKey="successes" name="Successes" stackId="r" fill="#10b981" isAnimationActive={false} />
          <Bar dataKey="errors" name="Errors" stackId="r" fill="#ef4444" isAnimationActive={false} />
          <Bar dataKey="refused" name="Refused" stackId="r" fill="#a1a1aa" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
