namespace Supervision.Web.Accounts;

/// <summary>Claims the product adds to the sign-in cookie.</summary>
public static class SupervisionClaims
{
    public const string DisplayName = "supervision:name";
    public const string UnitId = "supervision:unit";

    /// <summary>A random id given at sign-in; signing out ends it on the server, so a copy of the cookie no longer works.</summary>
    public const string SessionId = "supervision:sid";
}
