using Microsoft.AspNetCore.Identity;

namespace Supervision.Web.Accounts;

/// <summary>A person who signs in. Unit roles (联络员, 主管领导, 主要领导) belong to <see cref="UnitId"/>.</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    public int? UnitId { get; set; }

    public bool IsDisabled { get; set; }
}
