namespace ProtonCancelLambda.Local.Simulator.Signing;

/// <summary>Why a request failed SigV4 verification; each protocol maps the kind to its own error code.</summary>
internal enum SigV4FailureKind
{
    MissingAuthentication,
    IncompleteSignature,
    UnknownAccessKey,
    SignatureMismatch,
}

internal sealed record SigV4Failure(SigV4FailureKind Kind, string Message);
