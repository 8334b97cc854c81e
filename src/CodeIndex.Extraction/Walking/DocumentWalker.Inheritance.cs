using CodeIndex.Core.Model;
using Microsoft.CodeAnalysis;

namespace CodeIndex.Extraction.Walking;

/// <summary>Member-level inheritance: overrides and (explicit or implicit) interface implementations.</summary>
internal sealed partial class DocumentWalker
{
    private void AddInheritanceEdges(ISymbol member, SyntaxToken site)
    {
        switch (member)
        {
            case IMethodSymbol method:
                Edge(member, method.OverriddenMethod, RelationshipTypes.Overrides, site);
                foreach (var implemented in method.ExplicitInterfaceImplementations)
                {
                    Edge(member, implemented, RelationshipTypes.Implements, site);
                }

                break;
            case IPropertySymbol property:
                Edge(member, property.OverriddenProperty, RelationshipTypes.Overrides, site);
                foreach (var implemented in property.ExplicitInterfaceImplementations)
                {
                    Edge(member, implemented, RelationshipTypes.Implements, site);
                }

                break;
            case IEventSymbol evt:
                Edge(member, evt.OverriddenEvent, RelationshipTypes.Overrides, site);
                foreach (var implemented in evt.ExplicitInterfaceImplementations)
                {
                    Edge(member, implemented, RelationshipTypes.Implements, site);
                }

                break;
            default:
                return;
        }

        AddImplicitImplementations(member, site);
    }

    /// <summary>Members of this type that implicitly implement an interface member (only members declared in this type).</summary>
    private void AddImplicitImplementations(ISymbol member, SyntaxToken site)
    {
        var type = member.ContainingType;
        if (type is null || type.TypeKind == TypeKind.Interface || member.IsStatic && member is not IMethodSymbol)
        {
            return;
        }

        var self = member is IMethodSymbol { PartialDefinitionPart: { } definition } ? definition : member;
        foreach (var iface in type.AllInterfaces)
        {
            foreach (var candidate in iface.GetMembers(member.Name))
            {
                if (candidate.Kind != member.Kind || !(candidate.IsAbstract || candidate.IsVirtual))
                {
                    continue;
                }

                var implementation = type.FindImplementationForInterfaceMember(candidate);
                if (implementation is null)
                {
                    continue;
                }

                if (implementation is IMethodSymbol { PartialDefinitionPart: { } implDefinition })
                {
                    implementation = implDefinition;
                }

                if (SymbolEqualityComparer.Default.Equals(implementation, self) && !IsExplicit(member, candidate))
                {
                    Edge(member, candidate, RelationshipTypes.Implements, site);
                }
            }
        }
    }

    private static bool IsExplicit(ISymbol member, ISymbol interfaceMember)
    {
        var explicitOnes = member switch
        {
            IMethodSymbol m => m.ExplicitInterfaceImplementations.CastArray<ISymbol>(),
            IPropertySymbol p => p.ExplicitInterfaceImplementations.CastArray<ISymbol>(),
            IEventSymbol e => e.ExplicitInterfaceImplementations.CastArray<ISymbol>(),
            _ => [],
        };
        foreach (var e in explicitOnes)
        {
            if (SymbolEqualityComparer.Default.Equals(e, interfaceMember))
            {
                return true;
            }
        }

        return false;
    }
}
