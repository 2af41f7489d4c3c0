using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fremdrift.Shared.Web;

/// <summary>
/// A view: a Razor component whose one parameter is its typed model. Pages and mails are views, so every value
/// reaches the HTML through Razor's encoder; no view builds markup from strings.
/// </summary>
public abstract class View<TModel> : ComponentBase
{
    [Parameter, EditorRequired]
    public TModel Model { get; set; } = default!;
}

/// <summary>
/// Renders views (the Razor components under each feature's <c>Views</c> folder) to HTML with
/// <see cref="HtmlRenderer"/>, for pages and mails alike, in both hosts. Views are pure functions of their models:
/// they inject nothing and await nothing, so rendering is a plain synchronous call. Each render gets its own
/// renderer, whose dispatcher is idle, so the work runs inline on the caller's thread: no lock shared between
/// requests and no blocking wait. A view that did await would be a bug, and is refused.
/// </summary>
public static class HtmlViewRenderer
{
    /// <summary>
    /// Encodes the characters that are markup (&lt; &gt; &amp; quotes) and controls, but leaves letters such as æøå
    /// as they are: the page stays small and a mail's source readable.
    /// </summary>
    private static readonly IServiceProvider Services = new ServiceCollection()
        .AddSingleton(HtmlEncoder.Create(UnicodeRanges.All))
        .BuildServiceProvider();

    /// <summary>The HTML of <typeparamref name="TView"/> for <paramref name="model"/>.</summary>
    public static string Render<TView, TModel>(TModel model)
        where TView : View<TModel> =>
        Render<TView>(new Dictionary<string, object?> { [nameof(View<TModel>.Model)] = model });

    /// <summary>The HTML of a component with the given parameters (for components that are not a <see cref="View{TModel}"/>).</summary>
    public static string Render<TComponent>(IDictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        using var renderer = new HtmlRenderer(Services, NullLoggerFactory.Instance);
        var rendering = renderer.Dispatcher.InvokeAsync(async () =>
        {
            var root = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return root.ToHtmlString();
        });
        if (!rendering.IsCompleted)
        {
            throw new InvalidOperationException($"The view {typeof(TComponent).Name} awaited something while rendering; views must render from their model alone.");
        }

        return rendering.GetAwaiter().GetResult();
    }
}
