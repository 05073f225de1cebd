using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using Workbench.Charts;
using Workbench.Notebook;

namespace Workbench.Tests.Charts;

/// <summary>
/// Finds formatters the way the .NET Interactive kernel does (Formatter.TryRegisterFromConventionBasedFormatterSources):
/// only by reflection and names, calling Format through a compiled expression, independent of FormatterConvention.
/// </summary>
public class FormatterConventionTests
{
    static (Dictionary<string, Func<object, TextWriter, bool>> Formatters, string[]? Preferred) KernelStyleDiscovery(Type type)
    {
        var formatters = new Dictionary<string, Func<object, TextWriter, bool>>();
        string[]? preferred = null;
        foreach (var attr in type.GetCustomAttributes(true).Where(a => a.GetType().Name == "TypeFormatterSourceAttribute"))
        {
            var sourceType = (Type)attr.GetType().GetProperty("FormatterSourceType")!.GetGetMethod()!.Invoke(attr, null)!;
            var source = Activator.CreateInstance(sourceType)!;
            var items = (IEnumerable)source.GetType().GetMethod("CreateTypeFormatters")!.Invoke(source, null)!;
            foreach (var item in items)
            {
                var mime = (string)item.GetType().GetProperty("MimeType")!.GetGetMethod()!.Invoke(item, null)!;
                var format = item.GetType().GetMethod("Format")!; // must not be overloaded: the kernel uses GetMethod(name)
                var value = Expression.Parameter(typeof(object));
                var writer = Expression.Parameter(typeof(TextWriter));
                formatters[mime] = Expression.Lambda<Func<object, TextWriter, bool>>(
                    Expression.Call(Expression.Constant(item), format, value, writer), value, writer).Compile();
            }
            preferred = attr.GetType().GetProperty("PreferredMimeTypes")?.GetGetMethod()?.Invoke(attr, null) as string[];
        }
        return (formatters, preferred);
    }

    static string Format(Func<object, TextWriter, bool> f, object value)
    {
        var w = new StringWriter();
        Assert.True(f(value, w));
        return w.ToString();
    }

    [Fact]
    public void Figure_declares_an_html_formatter_the_kernel_can_find_by_name()
    {
        var figure = Chart.Line(new[] { 1.0, 2.0 }, "loss");
        var (formatters, preferred) = KernelStyleDiscovery(typeof(Figure));

        Assert.Equal(["text/html"], preferred!);
        Assert.Equal(WithoutIds(figure.ToHtml()), WithoutIds(Format(formatters["text/html"], figure)));
        Assert.Equal(figure.ToJson(), Format(formatters["application/vnd.plotly.v1+json"], figure));
        Assert.Equal(figure.ToString(), Format(formatters["text/plain"], figure));

        static string WithoutIds(string html) => System.Text.RegularExpressions.Regex.Replace(html, "wb-plot-[0-9a-f]+-\\d+", "ID");
    }

    [Fact]
    public void The_attribute_is_internal_so_it_never_clashes_with_the_kernels_public_one()
    {
        var attr = typeof(Figure).GetCustomAttributes(true).Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");
        Assert.False(attr.GetType().IsPublic);
        Assert.Equal("Workbench.Notebook", attr.GetType().Namespace);
    }

    [Fact]
    public void Formatters_refuse_values_of_other_types()
    {
        var (formatters, _) = KernelStyleDiscovery(typeof(Figure));
        Assert.False(formatters["text/html"]("not a figure", new StringWriter()));
    }

    [Fact]
    public void FormatterConvention_gives_the_bundle_in_preferred_order()
    {
        var figure = Chart.Line([0.5, 0.25], name: "loss");
        var bundle = FormatterConvention.FormatAll(figure);
        Assert.Equal(["text/html"], bundle.Select(b => b.Key));
        static string WithoutIds(string html) => System.Text.RegularExpressions.Regex.Replace(html, "wb-plot-[0-9a-f]+-\\d+", "ID");
        Assert.Equal(WithoutIds(figure.ToHtml()), WithoutIds(bundle[0].Value)); // same markup; only the sequence number differs
        Assert.True(FormatterConvention.TryFormat(figure, "text/plain", out var text));
        Assert.Equal(figure.ToString(), text);
        Assert.Empty(FormatterConvention.FormatAll("plain string"));
        Assert.Equal(["text/html", "application/vnd.plotly.v1+json", "text/plain"], FormatterConvention.MimeTypes(typeof(Figure)));
    }
}
