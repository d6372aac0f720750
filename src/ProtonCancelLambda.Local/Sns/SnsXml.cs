using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http;

namespace ProtonCancelLambda.Local.Sns;

/// <summary>SNS Query protocol answers: the PublishResponse and the ErrorResponse XML documents.</summary>
internal static class SnsXml
{
    public const string Namespace = "http://sns.amazonaws.com/doc/2010-03-31/";

    public static Task WritePublishResponseAsync(HttpResponse response, string messageId, string requestId) =>
        WriteAsync(response, 200, writer =>
        {
            writer.WriteStartElement("PublishResponse", Namespace);
            writer.WriteStartElement("PublishResult", Namespace);
            writer.WriteElementString("MessageId", Namespace, messageId);
            writer.WriteEndElement();
            writer.WriteStartElement("ResponseMetadata", Namespace);
            writer.WriteElementString("RequestId", Namespace, requestId);
            writer.WriteEndElement();
            writer.WriteEndElement();
        });

    public static Task WriteErrorAsync(HttpResponse response, SnsError error, string requestId) =>
        WriteAsync(response, error.StatusCode, writer =>
        {
            writer.WriteStartElement("ErrorResponse", Namespace);
            writer.WriteStartElement("Error", Namespace);
            writer.WriteElementString("Type", Namespace, error.StatusCode >= 500 ? "Receiver" : "Sender");
            writer.WriteElementString("Code", Namespace, error.Code);
            writer.WriteElementString("Message", Namespace, error.Message);
            writer.WriteEndElement();
            writer.WriteElementString("RequestId", Namespace, requestId);
            writer.WriteEndElement();
        });

    private static async Task WriteAsync(HttpResponse response, int statusCode, Action<XmlWriter> write)
    {
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(builder, new XmlWriterSettings { OmitXmlDeclaration = true, Async = false }))
        {
            write(writer);
        }

        var bytes = Encoding.UTF8.GetBytes(builder.ToString());
        response.StatusCode = statusCode;
        response.ContentType = "text/xml";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }
}

/// <summary>An SNS Query error: code, HTTP status and message.</summary>
internal sealed record SnsError(string Code, int StatusCode, string Message);
