using Microsoft.Extensions.Primitives;

namespace OrleansEio.Gateway.EngineIo;

/// <summary>CORS as engine.io's <c>cors</c> option does it: allowed origins, optional credentials, preflight.</summary>
internal static class Cors
{
    /// <summary>Adds the CORS headers; true when the request was a preflight and has been answered.</summary>
    public static bool Apply(HttpContext context, EngineIoCorsOptions options)
    {
        if (options.Origins.Length == 0)
        {
            return false;
        }

        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        var anyOrigin = Array.IndexOf(options.Origins, "*") >= 0;
        if (origin.Length > 0 && (anyOrigin || Array.IndexOf(options.Origins, origin) >= 0))
        {
            var headers = context.Response.Headers;
            headers.AccessControlAllowOrigin = anyOrigin && !options.Credentials ? "*" : origin;
            headers.Vary = "Origin";
            if (options.Credentials)
            {
                headers.AccessControlAllowCredentials = "true";
            }

            if (HttpMethods.IsOptions(request.Method))
            {
                headers.AccessControlAllowMethods = "GET,POST";
                var requested = request.Headers.AccessControlRequestHeaders;
                if (!StringValues.IsNullOrEmpty(requested))
                {
                    headers.AccessControlAllowHeaders = requested;
                }
            }
        }

        if (HttpMethods.IsOptions(request.Method) && !StringValues.IsNullOrEmpty(request.Headers.AccessControlRequestMethod))
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return true;
        }

        return false;
    }
}
