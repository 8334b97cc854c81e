namespace CodeIndex.Benchmarks.Indexing;

/// <summary>Peak resident memory during one run: this process (VmHWM reset before the run) and the MSBuild BuildHost child(ren).</summary>
/// <param name="SelfPeakBytes">This process's VmHWM after the run; includes whatever the process held before it (the reset sets the peak to the RSS of that moment).</param>
/// <param name="SelfBaselineBytes">This process's resident memory right after the reset, i.e. what it held before the run.</param>
/// <param name="BuildHostPeakBytes">Largest VmHWM of one BuildHost process started during the run (0 = none seen).</param>
/// <param name="BuildHosts">Number of BuildHost processes seen during the run.</param>
internal sealed record RunMemory(long SelfPeakBytes, long SelfBaselineBytes, long BuildHostPeakBytes, int BuildHosts);
