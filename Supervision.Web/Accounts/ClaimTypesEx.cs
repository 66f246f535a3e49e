namespace Supervision.Web.Accounts;

/// <summary>Claims the product adds to the sign-in cookie.</summary>
public static class SupervisionClaims
{
    public const string DisplayName = "supervision:name";
    public const string UnitId = "supervision:unit";
}
