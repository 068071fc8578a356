using Xunit.Abstractions;
using Xunit.Sdk;

namespace OrleansEio.Tests.Infrastructure;

/// <summary>Marks the order of tests that share a fixture they progressively destroy (kill a node, then another).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StepAttribute(int step) : Attribute
{
    public int Step { get; } = step;
}

/// <summary>Runs the test cases of a class in the order of their <see cref="StepAttribute"/>.</summary>
public sealed class StepOrderer : ITestCaseOrderer
{
    public const string Name = "OrleansEio.Tests.Infrastructure.StepOrderer";
    public const string Assembly = "OrleansEio.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase
        => testCases.OrderBy(t => t.TestMethod.Method.GetCustomAttributes(typeof(StepAttribute).AssemblyQualifiedName).FirstOrDefault()?.GetConstructorArguments().OfType<int>().First() ?? int.MaxValue);
}
